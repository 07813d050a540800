export * from "./errors";
export * from "./converter";
export * from "./models";
