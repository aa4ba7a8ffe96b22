/** Action post entry point (placeholder until the action lands). */
export {};
