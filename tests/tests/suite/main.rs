//! Every integration test, in one binary: one link instead of sixteen on 2 cores, and the
//! servers the end-to-end modules start are shared by the modules that use them.

mod api_diff;
mod cli;
mod docs_samples;
mod e2e_fake_seam;
mod e2e_prism_contract;
mod e2e_prism_decoding;
mod e2e_prism_pagination;
mod e2e_prism_request_checks;
mod e2e_wiremock;
mod emit_lifecycle;
mod harness_smoke;
mod ir;
mod mock_user_code;
mod production_use;
mod readme_quick_start;
mod robustness_errors;
mod robustness_fuzz;
mod robustness_input;
mod robustness_names;
mod robustness_versions;
mod robustness_xtask;
mod runtime_crate;
mod snapshots;
mod traps;
mod wire_parity;
mod wire_query;
