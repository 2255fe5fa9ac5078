/** A chat model with the id recorded on transcripts ("offline", "openai:gpt-4o-mini"). */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';

export interface ModelHandle {
  id: string;
  model: BaseChatModel;
}
