//! Snapshots of the letters themselves, for each seed regime, its main kinds and its languages:
//! a change to a template or to the rules shows up here as a diff a reviewer can read.

use crate::test::clearview;

/// Renders one letter to Clearview as text, with a fixed date and person.
fn letter(residence: &str, kind: &str, lang: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "--lang",
        lang,
        "--address",
        "Example Street 1, 12345 Exampletown",
        "--request-date",
        "2026-01-31",
    ];
    args.extend_from_slice(extra);
    clearview(residence, kind, "Jane Doe", "jane@example.org", &args)
        .ok()
        .stdout
}

macro_rules! letters {
    ($($name:ident: $residence:literal $kind:literal $lang:literal $($extra:literal)*;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(letter($residence, $kind, $lang, &[$($extra),*]));
            }
        )*
    };
}

letters! {
    gdpr_access_en: "DE-HH" "access" "en";
    gdpr_access_de: "DE-HH" "access" "de";
    gdpr_access_fr: "FR" "access" "fr";
    gdpr_erasure_en: "DE-HH" "erasure" "en";
    gdpr_erasure_de: "DE-HH" "erasure" "de";
    gdpr_erasure_fr: "FR" "erasure" "fr";
    gdpr_objection_en: "IT" "objection" "en";
    gdpr_restriction_en: "NL" "restriction" "en";
    gdpr_withdraw_consent_de: "AT" "withdraw-consent" "de";
    uk_gdpr_access_en: "GB" "access" "en";
    uk_gdpr_erasure_en: "GB-SCT" "erasure" "en" "--offer-photo";
    pipeda_access_en: "CA-ON" "access" "en";
    pipeda_erasure_en: "CA-ON" "erasure" "en";
    pipeda_erasure_fr_quebec: "CA-QC" "erasure" "fr";
    quebec_access_fr: "CA-QC" "access" "fr" "--regime" "quebec-private-sector";
    quebec_erasure_en: "CA-QC" "erasure" "en" "--regime" "quebec-private-sector";
    alberta_access_en: "CA-AB" "access" "en" "--regime" "alberta-pipa";
    bc_access_en: "CA-BC" "access" "en" "--regime" "bc-pipa";
    bipa_destroy_biometrics_en: "US-IL" "destroy-biometrics" "en";
    ccpa_access_en: "US-CA" "access" "en";
    ccpa_erasure_en: "US-CA" "erasure" "en";
    ccpa_opt_out_en: "US-CA" "opt-out" "en";
    australia_access_en: "AU" "access" "en";
    australia_erasure_en: "AU-NSW" "erasure" "en";
    reminder_gdpr_en: "DE-HH" "reminder" "en" "--original-kind" "erasure" "--original-date" "2025-12-01";
    reminder_gdpr_fr: "FR" "reminder" "fr" "--original-kind" "access" "--original-date" "2025-12-01";
    complaint_gdpr_de: "DE-HH" "complaint" "de" "--original-kind" "erasure" "--original-date" "2025-12-01" "--reminded-on" "2026-01-10";
    complaint_uk_gdpr_en: "GB" "complaint" "en" "--original-kind" "access" "--original-date" "2025-12-01";
    complaint_pipeda_en: "CA-ON" "complaint" "en" "--original-kind" "access" "--original-date" "2025-12-01";
}
