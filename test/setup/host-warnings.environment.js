// @ts-check
/**
 * Jest's Node environment, plus one hook: Node emits warnings (DeprecationWarning included) on the
 * real `process`, which the sandboxed `process` of a test file does not see. The hook lets a
 * setup file listen to them (see fail-on-overlapping-queries.ts).
 */
const { TestEnvironment } = require('jest-environment-node');

class HostWarningsEnvironment extends TestEnvironment {
  /** @param {ConstructorParameters<typeof TestEnvironment>} args */
  constructor(...args) {
    super(...args);
    /** @param {(warning: Error) => void} listener @returns {() => void} stops listening */
    this.global.__mtlOnHostWarning = (listener) => {
      process.on('warning', listener);
      return () => process.off('warning', listener);
    };
  }
}

module.exports = HostWarningsEnvironment;
