import { describe, expect, it } from "vitest";
import { dateInWords, editionName } from "./editions";

describe("editions", () => {
  it("says an edition's date in words", () => {
    expect(dateInWords("2021-01-26")).toBe("26 Jan 2021");
    expect(dateInWords("2025-07-31")).toBe("31 Jul 2025");
  });

  it("names an edition by its date until the engine's names are loaded", () => {
    expect(editionName("2021-01-26")).toBe("26 Jan 2021");
  });

  it("leaves text that is not a date as it is", () => {
    expect(dateInWords("someday")).toBe("someday");
  });
});
