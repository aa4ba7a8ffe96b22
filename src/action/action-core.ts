import * as core from '@actions/core';
import type { ActionCore } from './deps.js';

/** The real ActionCore: @actions/core, with the job summary appended and flushed at once. */
export function createActionCore(): ActionCore {
  return {
    getInput: (name) => core.getInput(name),
    info: (message) => core.info(message),
    debug: (message) => core.debug(message),
    warning: (message, properties) => core.warning(message, properties),
    error: (message, properties) => core.error(message, properties),
    setOutput: (name, value) => core.setOutput(name, value),
    saveState: (name, value) => core.saveState(name, value),
    group: (name, fn) => core.group(name, fn),
    async appendSummary(markdown) {
      await core.summary.addRaw(markdown, true).write();
    },
  };
}
