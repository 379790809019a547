// Policy engine types: re-exported from the generated bindings (src/bindings/, from src/policy/).
export type { PolicySpec as PolicyDescription } from "./bindings/PolicySpec";
export type { FactSpec as FactDescription } from "./bindings/FactSpec";
export type { Example as PolicyExample } from "./bindings/Example";
export type { Question } from "./bindings/Question";
export type { Answer } from "./bindings/Answer";
