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
    ];
    // Dated 31 January 2026 unless the letter gives its own date (the law changes with it).
    if !extra.contains(&"--request-date") {
        args.extend(["--request-date", "2026-01-31"]);
    }
    // A follow-up says how the request went: by e-mail, unless the test says otherwise.
    if extra.contains(&"--original-date") && !extra.contains(&"--original-via") {
        args.extend(["--original-via", "email"]);
    }
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
    pipeda_erasure_fr_quebec: "CA-QC" "erasure" "fr" "--regime" "pipeda";
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

// Each regime's follow-ups in each language it has, under the law in force on 4 December 2026
// (the UK's DUAA in force; a request of 5 October, due by early November).
letters! {
    gdpr_reminder_de: "DE-HH" "reminder" "de" "--original-kind" "erasure" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    gdpr_complaint_fr: "FR" "complaint" "fr" "--original-kind" "erasure" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    gdpr_complaint_en_netherlands: "NL" "complaint" "en" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    uk_gdpr_erasure_en_after_duaa: "GB" "erasure" "en" "--request-date" "2026-12-04";
    uk_gdpr_objection_en_after_duaa: "GB" "objection" "en" "--request-date" "2026-12-04";
    uk_gdpr_reminder_en: "GB" "reminder" "en" "--original-kind" "erasure" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    uk_gdpr_company_complaint_en: "GB" "company-complaint" "en" "--original-kind" "erasure" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    uk_gdpr_complaint_en_section_165: "GB" "complaint" "en" "--original-kind" "erasure" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    pipeda_reminder_en: "CA-ON" "reminder" "en" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    pipeda_complaint_fr: "CA-QC" "complaint" "fr" "--regime" "pipeda" "--original-kind" "erasure" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    quebec_reminder_fr: "CA-QC" "reminder" "fr" "--regime" "quebec-private-sector" "--original-kind" "access" "--original-date" "2026-10-26" "--request-date" "2026-12-04";
    quebec_application_fr_within_the_window: "CA-QC" "complaint" "fr" "--regime" "quebec-private-sector" "--original-kind" "access" "--original-date" "2026-10-26" "--request-date" "2026-12-04";
    quebec_complaint_fr_after_the_window: "CA-QC" "complaint" "fr" "--regime" "quebec-private-sector" "--original-kind" "erasure" "--original-date" "2026-09-01" "--request-date" "2026-12-04";
    quebec_reminder_en: "CA-QC" "reminder" "en" "--regime" "quebec-private-sector" "--original-kind" "access" "--original-date" "2026-10-26" "--request-date" "2026-12-04";
    bc_reminder_en: "CA-BC" "reminder" "en" "--regime" "bc-pipa" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    bc_complaint_en: "CA-BC" "complaint" "en" "--regime" "bc-pipa" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    alberta_reminder_en: "CA-AB" "reminder" "en" "--regime" "alberta-pipa" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    alberta_complaint_en: "CA-AB" "complaint" "en" "--regime" "alberta-pipa" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    ccpa_opt_out_en_business_days: "US-CA" "opt-out" "en" "--request-date" "2026-11-16";
    ccpa_reminder_en: "US-CA" "reminder" "en" "--original-kind" "erasure" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    ccpa_complaint_en: "US-CA" "complaint" "en" "--original-kind" "erasure" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    australia_reminder_en: "AU" "reminder" "en" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    australia_company_complaint_en: "AU" "company-complaint" "en" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    australia_complaint_en: "AU" "complaint" "en" "--original-kind" "access" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    bipa_erasure_en: "US-IL" "erasure" "en" "--request-date" "2026-12-04";
    bipa_final_demand_en: "US-IL" "reminder" "en" "--original-kind" "destroy-biometrics" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
    bipa_counsel_en: "US-IL" "counsel" "en" "--original-kind" "destroy-biometrics" "--original-date" "2026-10-05" "--request-date" "2026-12-04";
}
