/** Action main entry point (placeholder until the action lands). */
export {};
