export { InvalidAgeError } from "./invalid-age-error";
export { QualityTooLowError } from "./quality-too-low-error";
export { NormalStatisticsInvalidError } from "./normal-statistics-invalid-error";
