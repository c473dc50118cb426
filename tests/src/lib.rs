//! Integration tests for the Seam SDK generator and the generated SDK.
