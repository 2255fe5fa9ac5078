/** Shown where a page's backing module is not part of this build yet: an honest empty state, never made-up data. */
export function ModulePending({ what, module }: { what: string; module: string }) {
  return (
    <div class="notice" role="status">
      {what} will appear here once the <code>{module}</code> module is available in this build.
    </div>
  );
}
