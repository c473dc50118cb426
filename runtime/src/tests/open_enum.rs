//! `impl_open_enum!`: the generated string enums' wire values, catch-all, default and serde.

/// A mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Mode {
    /// Automatic.
    Auto,
    #[deprecated(note = "use `auto`")]
    Manual,
    Empty,
    Unknown(String),
}

crate::impl_open_enum!(Mode {
    Auto: "auto",
    Manual: "manual",
    Empty: "",
});

/// Without an empty value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Colour {
    Red,
    Unknown(String),
}

crate::impl_open_enum!(Colour { Red: "red" });

#[test]
fn known_values_round_trip_and_others_are_kept() {
    assert_eq!(Mode::from("auto"), Mode::Auto);
    assert_eq!(Mode::Auto.as_str(), "auto");
    assert_eq!(Colour::Red.to_string(), "red");
    assert_eq!(Mode::from("turbo"), Mode::Unknown("turbo".to_owned()));
    assert_eq!(Mode::from("turbo").to_string(), "turbo");
    #[allow(deprecated)]
    let manual = Mode::Manual;
    assert_eq!(serde_json::to_string(&manual).unwrap(), r#""manual""#);
    let decoded: Vec<Mode> = serde_json::from_str(r#"["auto", "turbo", ""]"#).unwrap();
    assert_eq!(
        decoded,
        [Mode::Auto, Mode::Unknown("turbo".to_owned()), Mode::Empty]
    );
}

#[test]
fn the_default_is_what_the_empty_string_decodes_to() {
    assert_eq!(Mode::default(), Mode::Empty);
    assert_eq!(Colour::default(), Colour::Unknown(String::new()));
    let decoded: Colour = serde_json::from_str(r#""""#).unwrap();
    assert_eq!(decoded, Colour::default());
}

#[test]
fn anything_but_a_string_is_an_error() {
    let error = serde_json::from_str::<Mode>("1").unwrap_err();
    assert!(error.to_string().contains("a string"), "{error}");
}
