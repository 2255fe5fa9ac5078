/**
 * Every tool the product ships, in the order surfaces list them. Tools are defined under tools/read/
 * and tools/write/ and added here; buildDefaultRegistry() (tools/registry.ts) registers this list.
 */
import type { AnyTool } from './tool.ts';

export const ALL_TOOLS: AnyTool[] = [];
