//! Which paths a prefix selects. [`crate::load`] reads only the selected paths (and the
//! schemas they reach), and [`crate::ir`] turns exactly those into endpoints; both ask
//! this module, so the two can never disagree.
//!
//! A prefix selects the path equal to it and the paths below it, segment by segment:
//! `/acs/credentials` selects `/acs/credentials/list`, not `/acs/credentials_pool`. `/`
//! (or an empty prefix) selects every path.

/// A path prefix, normalized: a leading `/` and no trailing `/` (`acs/credentials/`
/// becomes `/acs/credentials`; empty or `/` is `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix {
    path: String,
}

impl Prefix {
    /// Normalizes `prefix` (surrounding whitespace is ignored).
    pub fn new(prefix: &str) -> Prefix {
        let trimmed = prefix.trim().trim_end_matches('/');
        let path = if trimmed.is_empty() {
            "/".to_string()
        } else if trimmed.starts_with('/') {
            trimmed.to_string()
        } else {
            format!("/{trimmed}")
        };
        Prefix { path }
    }

    /// The normalized prefix, e.g. `/acs/credentials`.
    pub fn as_str(&self) -> &str {
        &self.path
    }

    /// Whether this is `/`, which selects the whole API.
    pub fn is_everything(&self) -> bool {
        self.path == "/"
    }

    /// Whether `path` is selected: it is the prefix or lies below it.
    pub fn selects(&self, path: &str) -> bool {
        self.is_everything()
            || path
                .strip_prefix(self.path.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

impl std::fmt::Display for Prefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_normalized_to_a_leading_slash_and_no_trailing_one() {
        assert_eq!(Prefix::new("/acs/credentials").as_str(), "/acs/credentials");
        assert_eq!(Prefix::new("acs/credentials/").as_str(), "/acs/credentials");
        assert_eq!(Prefix::new("  /acs// ").as_str(), "/acs");
        assert_eq!(Prefix::new("").as_str(), "/");
        assert_eq!(Prefix::new("/").as_str(), "/");
        assert!(Prefix::new("///").is_everything());
        assert!(!Prefix::new("/acs").is_everything());
    }

    #[test]
    fn a_prefix_selects_itself_and_what_lies_below_it_by_whole_segments() {
        let prefix = Prefix::new("/acs/credentials");
        assert!(prefix.selects("/acs/credentials"));
        assert!(prefix.selects("/acs/credentials/list"));
        assert!(prefix.selects("/acs/credentials/unmanaged/get"));
        assert!(!prefix.selects("/acs/credentials_pool/list"));
        assert!(!prefix.selects("/acs/credential"));
        assert!(!prefix.selects("/acs"));
        assert!(!prefix.selects("/devices/list"));
    }

    #[test]
    fn the_root_selects_every_path() {
        let prefix = Prefix::new("/");
        assert!(prefix.selects("/"));
        assert!(prefix.selects("/health"));
        assert!(prefix.selects("/acs/credentials/list"));
    }
}
