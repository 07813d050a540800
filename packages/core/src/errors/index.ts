export { GmaError, isGmaError } from "./gma-error";
