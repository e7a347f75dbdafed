//! The wizard: driven through a real pseudo-terminal as a person would answer it, replayed from
//! answers files, and refused without a terminal.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::{Expect, Session};

use crate::smtp_server::{DropAt, Dropping, Options, Server};
use crate::test::{Test, assert_contains, assert_lacks, flat, forget};

const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const ENTER: &str = "\r";

/// Jane Doe and her e-mail address, as typed into the wizard.
const JANE: (&str, &str) = ("Jane Doe", "jane@example.org");

/// A wizard running in a pseudo-terminal, in its own temporary directory, with "today" fixed.
pub(crate) struct Wizard {
    session: expectrl::session::OsSession,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) transcript: String,
}

impl Wizard {
    pub(crate) fn start(args: &[&str], today: &str) -> Wizard {
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_forget"));
        command
            .args(args)
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path().join("home"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("RUST_BACKTRACE", "0")
            .env("TERM", "xterm-256color")
            .env("NO_COLOR", "1")
            .env("FORGET_TODAY", today);
        let mut session = Session::spawn(command).expect("the wizard starts in a pty");
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        Wizard {
            session,
            dir,
            transcript: String::new(),
        }
    }

    /// Adds what the wizard showed, up to and with `found`, to the transcript.
    fn keep(&mut self, found: &expectrl::Captures) {
        self.transcript
            .push_str(&String::from_utf8_lossy(found.before()));
        for matched in found.matches() {
            self.transcript.push_str(&String::from_utf8_lossy(matched));
        }
    }

    /// Waits until `text` appears on the screen.
    pub(crate) fn expect(&mut self, text: &str) -> &mut Wizard {
        match self.session.expect(text) {
            Ok(found) => self.keep(&found),
            Err(error) => panic!(
                "waiting for {text:?}: {error}\n--- the screen so far ---\n{}",
                self.transcript
            ),
        }
        self
    }

    /// Sends keys as they are.
    pub(crate) fn keys(&mut self, keys: &str) -> &mut Wizard {
        self.session.send(keys).unwrap();
        self
    }

    /// Waits for `prompt`, then types `text` and Enter.
    pub(crate) fn answer(&mut self, prompt: &str, text: &str) -> &mut Wizard {
        self.expect(prompt);
        self.keys(text).keys(ENTER)
    }

    /// Waits for `prompt`, then types `search` and Enter (a fuzzy list: the best match wins).
    pub(crate) fn search(&mut self, prompt: &str, search: &str) -> &mut Wizard {
        self.answer(prompt, search)
    }

    /// Waits for the process to end and returns its exit code.
    pub(crate) fn exit_code(&mut self) -> i32 {
        // Read what is left, so the process is never blocked on a full pty.
        if let Ok(found) = self.session.expect(expectrl::Eof) {
            self.keep(&found);
        }
        match self.session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("the wizard did not exit normally: {other:?}"),
        }
    }

    /// Whether the wizard said `text`, however the terminal wrapped it.
    pub(crate) fn has_said(&self, text: &str) -> bool {
        flat(&self.transcript).contains(&flat(text))
    }

    /// Asserts that the wizard said `text`, however the terminal wrapped it.
    #[track_caller]
    pub(crate) fn said(&self, text: &str) -> &Wizard {
        assert!(
            self.has_said(text),
            "expected the wizard to say {text:?}:\n{}",
            self.transcript
        );
        self
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name))
            .unwrap_or_else(|e| panic!("cannot read {name}: {e}\n{}", self.transcript))
    }

    /// The files the wizard wrote in its working directory (not its data directory, `data`).
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "data")
            .collect();
        names.sort();
        names
    }

    /// Answers the company (Clearview AI), the country and its subdivision.
    pub(crate) fn company_and_residence(
        &mut self,
        country: &str,
        subdivision: &str,
    ) -> &mut Wizard {
        self.expect("not legal advice")
            .search("Which company do you want to write to?", "clearview")
            .search("Which country do you live in?", country)
            .search("(type to search)", subdivision)
    }

    /// Answers the name and the e-mail address of `person`, and no postal address.
    pub(crate) fn details(&mut self, (name, email): (&str, &str)) -> &mut Wizard {
        self.answer("Your name, as the company knows you", name)
            .answer("The e-mail address the answer should go to", email)
            .answer("Your postal address", "")
    }

    /// Clearview AI, the country and its subdivision, the suggested request and the details of
    /// `person`: up to the question of the photo.
    pub(crate) fn up_to_the_photo(
        &mut self,
        country: &str,
        subdivision: &str,
        person: (&str, &str),
    ) -> &mut Wizard {
        self.company_and_residence(country, subdivision)
            .answer("What do you want to ask Clearview AI for?", "")
            .details(person)
    }

    /// Accepts the preview and saves the letter as text to `file` ("" for the suggested name).
    pub(crate) fn save_as_text(&mut self, file: &str) -> &mut Wizard {
        self.answer("See the letter?", "")
            .answer("Is the letter right?", "")
            .expect("How do you want it?")
            // e-mail, mailto, text
            .keys(DOWN)
            .keys(DOWN)
            .keys(ENTER)
            .answer("Save it to", file)
            .expect("What happens next")
    }
}

#[test]
fn a_hamburg_resident_gets_a_gdpr_access_request_to_clearview_in_a_terminal() {
    let mut wizard = Wizard::start(&["wizard"], "2026-01-31");
    wizard
        .up_to_the_photo("Germany (DE)", "Hamburg", JANE)
        .answer("Offer a photo of your face", "")
        .answer("Which language should the letter be in?", "")
        .save_as_text("");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    wizard
        .said("Recommended: access")
        .said("The Hamburg resident whose complaint made the Hamburg authority act")
        .said("The law (Art. 12(6) GDPR)")
        .said("Clearview AI must answer within 1 month of receiving your letter")
        .said("by Monday 2 March 2026 (Art. 12(3) GDPR")
        .said("The supervisory authority for you: Der Hamburgische Beauftragte")
        .said("Request for access under Art. 15 GDPR")
        .said("Wrote clearview-ai-access-2026-01-31.txt")
        .said("Clearview AI must answer by Monday 2 March 2026")
        .said("Recorded as case FGT-")
        .said(
            "come back on Tuesday 3 March 2026 for the reminder, and then the complaint to HmbBfDI",
        )
        .said("forget cases mark-sent FGT-")
        .said("forget remind FGT-")
        .said("forget complain FGT-");
    // The request is in the case log, as drafted, for `forget cases` to find a month later.
    let cases = forget(["cases", "--json"])
        .env(
            "FORGET_HOME",
            wizard.path("data/forget").display().to_string(),
        )
        .json();
    assert_eq!(cases[0]["status"], "drafted");
    assert_eq!(cases[0]["kind"], "access");

    let letter = wizard.read("clearview-ai-access-2026-01-31.txt");
    assert_contains(&letter, "Request for access under Art. 15 GDPR");
    assert_contains(&letter, "Jane Doe");
    assert_contains(&letter, "by 2 March 2026");
    assert_contains(&letter, "Der Hamburgische Beauftragte");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(wizard.path("clearview-ai-access-2026-01-31.txt"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the letter is private");
    }
}

#[test]
fn a_quebec_resident_gets_a_pipeda_access_request_and_can_save_the_answers() {
    let mut wizard = Wizard::start(&["wizard", "--save-answers", "answers.toml"], "2026-03-02");
    wizard
        .up_to_the_photo("Canada (CA)", "CA-QC", JANE)
        .answer("Offer a photo of your face", "")
        .expect("Which language should the letter be in?")
        // English (suggested), then French.
        .keys(DOWN)
        .keys(ENTER)
        .answer("Which law do you want to rely on?", "")
        .save_as_text("letter.txt");
    wizard.expect("Saved your answers");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    wizard
        .said("2 laws give you this right: Québec Act P-39.1 and PIPEDA")
        .said("within 30 days of receiving your letter")
        .said("by Wednesday 1 April 2026")
        .said("Wrote letter.txt");

    let letter = wizard.read("letter.txt");
    // The Québec Act comes first for a Québec resident.
    assert_contains(&letter, "P-39.1");
    assert_contains(&letter, "Jane Doe");
    let answers = wizard.read("answers.toml");
    assert_contains(&answers, "residence = \"CA-QC\"");
    assert_contains(&answers, "lang = \"fr\"");
    assert_contains(&answers, "regime = \"quebec-private-sector\"");

    // The saved answers replay to the same letter.
    let replayed = answers_in(wizard.dir.path(), "2026-03-02").env("NO_COLOR", "1");
    std::fs::remove_file(wizard.path("letter.txt")).unwrap();
    replayed.ok();
    assert_eq!(wizard.read("letter.txt"), letter);
}

#[test]
fn an_illinois_resident_gets_the_bipa_destruction_demand_and_the_court_route() {
    let mut wizard = Wizard::start(&["wizard"], "2026-11-23");
    wizard
        .up_to_the_photo("United States (US)", "US-IL", JANE)
        .answer("Offer a photo of your face", "")
        .answer("Did you exclude yourself from the settlement", "")
        .save_as_text("");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    wizard
        .said("Recommended: destroy-biometrics")
        .said("forget's rules record no deadline under the BIPA")
        .said("Wrote clearview-ai-destroy-biometrics-2026-11-23.txt")
        .said("If Clearview AI does not comply: There is no agency route")
        .said("Worth knowing, though not competent under the BIPA: Illinois Attorney General");
    let letter = wizard.read("clearview-ai-destroy-biometrics-2026-11-23.txt");
    assert_contains(&letter, "740 ILCS 14/15");
}

#[test]
fn a_bad_email_is_caught_in_place_and_esc_and_less_than_go_back() {
    let mut wizard = Wizard::start(&[], "2026-01-31");
    wizard
        .expect("not legal advice")
        .search("Which company do you want to write to?", "clearview")
        .expect("Which country do you live in?")
        // Esc goes back to the company.
        .keys(ESC)
        .search("Which company do you want to write to?", "clearview")
        .search("Which country do you live in?", "France (FR)")
        .answer("What do you want to ask Clearview AI for?", "")
        .answer("Your name, as the company knows you", "Jean Dupont")
        .answer(
            "The e-mail address the answer should go to",
            "jean(at)example",
        )
        .expect("is not a valid e-mail address")
        .keys("\x15") // clear the line
        .keys("jean@example.fr")
        .keys(ENTER)
        // `<` goes back to the e-mail address, which keeps its answer.
        .answer("Your postal address", "<")
        .answer("The e-mail address the answer should go to", "")
        .answer(
            "Your postal address",
            "1 rue de la Paix, 75002 Paris, France",
        )
        .answer("Offer a photo of your face", "")
        .expect("Which language should the letter be in?")
        .keys(ENTER)
        .answer("See the letter?", "")
        .answer("Is the letter right?", "")
        .expect("How do you want it?")
        .keys(DOWN)
        .keys(DOWN)
        .keys(DOWN)
        .keys(DOWN)
        .keys(ENTER)
        .expect("What happens next");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    assert!(
        wizard.transcript.contains("jean@example.fr"),
        "{}",
        wizard.transcript
    );
    assert!(wizard.files().is_empty(), "nothing asked to be saved");
}

#[test]
fn going_back_to_a_country_where_the_chosen_law_does_not_apply_takes_the_new_law() {
    let mut wizard = Wizard::start(&["wizard"], "2026-03-02");
    wizard
        .up_to_the_photo("Canada (CA)", "CA-QC", JANE)
        .answer("Offer a photo of your face", "")
        .answer("Which language should the letter be in?", "")
        .expect("Which law do you want to rely on?")
        .keys(DOWN)
        .keys(ENTER)
        // Back: language, details, request, residence.
        .expect("See the letter?")
        .keys("n")
        .expect("Which language should the letter be in?")
        .keys(ESC)
        .answer("Your name, as the company knows you", "<")
        .expect("What do you want to ask Clearview AI for?")
        .keys(ESC)
        .search("Which country do you live in?", "France (FR)")
        .answer("What do you want to ask Clearview AI for?", "")
        .answer("Your name, as the company knows you", "")
        .answer("The e-mail address the answer should go to", "")
        .answer("Your postal address", "")
        .answer("Offer a photo of your face", "")
        .answer("Which language should the letter be in?", "")
        .save_as_text("letter.txt");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    let letter = wizard.read("letter.txt");
    assert_contains(&letter, "Art. 15 GDPR");
    assert_contains(&letter, "Jane Doe");
}

#[test]
fn ctrl_c_quits_and_leaves_nothing_behind() {
    let mut wizard = Wizard::start(&["wizard", "--save-answers", "answers.toml"], "2026-01-31");
    wizard
        .company_and_residence("Germany (DE)", "Hamburg")
        .answer("What do you want to ask Clearview AI for?", "")
        .expect("Your name, as the company knows you")
        .keys("Jane")
        .keys("\x03")
        .expect("cancelled: nothing was written");
    assert_eq!(wizard.exit_code(), 130);
    assert_eq!(wizard.files(), Vec::<String>::new());
}

#[test]
fn enter_on_the_land_list_of_a_hamburg_resident_never_drops_the_hamburg_authority() {
    let mut wizard = Wizard::start(&["wizard"], "2026-01-31");
    wizard
        .expect("not legal advice")
        .search("Which company do you want to write to?", "clearview")
        .search("Which country do you live in?", "Germany (DE)")
        .expect("Which Land?")
        // Enter on the list as it opens: the cursor is on nothing, so nothing is chosen, and the
        // wizard says why instead of answering for Germany as a whole.
        .keys(ENTER)
        .expect("Nothing is chosen yet")
        .keys("Hamburg")
        .keys(ENTER)
        .answer("What do you want to ask Clearview AI for?", "")
        .details(JANE)
        .answer("Offer a photo of your face", "")
        .answer("Which language should the letter be in?", "")
        .expect("See the letter?")
        .keys("\x03")
        .expect("cancelled");
    assert_eq!(wizard.exit_code(), 130);
    wizard
        .said("Which Land? (type to search): Hamburg (DE-HH)")
        .said("The supervisory authority for you: Der Hamburgische Beauftragte");
    assert!(
        !wizard.has_said("Which Land? (type to search): I'd rather not say"),
        "\"I'd rather not say\" was chosen:\n{}",
        wizard.transcript
    );
}

#[test]
fn countries_and_regions_are_found_by_their_common_names() {
    let mut wizard = Wizard::start(&["wizard"], "2026-01-31");
    wizard
        .expect("not legal advice")
        .search("Which company do you want to write to?", "clearview")
        // "Holland" is the Netherlands, never Heard Island and McDonald Islands.
        .search("Which country do you live in?", "Holland")
        .expect("What do you want to ask Clearview AI for?")
        .keys(ESC)
        .expect("Which country do you live in?")
        .keys("\x15") // erase the search
        .keys("Deutschland")
        .keys(ENTER)
        .expect("Which Land?")
        .keys(ESC)
        // A region typed in the country list finds its country, and the Land list starts on it.
        .expect("Which country do you live in?")
        .keys("Bavaria")
        .keys(ENTER)
        .expect("Which Land? (type to search) Bavaria")
        .keys(ENTER)
        .expect("What do you want to ask Clearview AI for?")
        .keys("\x03")
        .expect("cancelled");
    assert_eq!(wizard.exit_code(), 130);
    wizard
        .said("Which country do you live in? (type to search): Netherlands (NL)")
        .said("Which country do you live in? (type to search): Germany (DE)")
        .said("Which Land? (type to search): Bayern (DE-BY)");
    assert!(
        !wizard.has_said(": Heard Island"),
        "Holland chose Heard Island:\n{}",
        wizard.transcript
    );
}

#[test]
fn a_swiss_resident_is_told_honestly_what_forget_cannot_do_and_is_not_sent_round_in_circles() {
    let mut wizard = Wizard::start(&["wizard", "--save-answers", "answers.toml"], "2026-01-31");
    wizard
        .expect("not legal advice")
        .search("Which company do you want to write to?", "clearview")
        .search("Which country do you live in?", "Schweiz")
        .expect("What now?")
        // Going back is a choice the person makes, not where the wizard sends them.
        .keys(DOWN)
        .keys(ENTER)
        .search("Which country do you live in?", "Suisse")
        .expect("What now?")
        .keys(ENTER)
        .expect("Stopped: nothing was written");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    wizard
        .said("no law in forget's rules protects residents of Switzerland yet")
        .said("That does not mean that no law protects you there")
        .said("Nor do its rules list an authority for residents of Switzerland")
        .said("Ask Clearview AI yourself, as a courtesy")
        .said("privacy@clearview.ai")
        .said("quote its privacy policy, with the policy's date")
        .said("Your answers were not saved");
    assert_eq!(
        flat(&wizard.transcript)
            .matches("Which country do you live in? (type to search): Switzerland (CH)")
            .count(),
        2,
        "{}",
        wizard.transcript
    );
    assert_eq!(wizard.files(), Vec::<String>::new(), "nothing written");
}

#[test]
fn a_company_that_is_not_listed_stays_in_view_and_may_be_established_who_knows_where() {
    let mut wizard = Wizard::start(&["wizard"], "2026-01-31");
    wizard
        .expect("not legal advice")
        .expect("Which company do you want to write to?")
        .keys("Acme Faces")
        // Nothing matches, and the way to enter the company is still on the screen.
        .expect("(nothing matches \"Acme Faces\")")
        .expect("My company is not listed: I will enter it")
        .keys(ENTER)
        .expect("Nothing matches \"Acme Faces\"")
        .keys(DOWN)
        .keys(ENTER)
        // Enter in an empty required field says why nothing happened.
        .expect("The company's name")
        .keys(ENTER)
        .expect("This needs an answer")
        .keys("Acme Faces GmbH")
        .keys(ENTER)
        // An address without a dot after the @ is questioned: corrected here ...
        .answer("Its e-mail address for privacy requests", "privacy@acme")
        .expect("has no dot after the @")
        .answer("Is it right as it is?", "")
        .expect("Its e-mail address for privacy requests")
        .keys(".example")
        .keys(ENTER)
        .search("Where is it established?", "don't know")
        .expect("Then the letter does not say where Acme Faces GmbH is established")
        .search("Which country do you live in?", "Germany (DE)")
        .search("Which Land?", "Berlin")
        .answer("What do you want to ask Acme Faces GmbH for?", "")
        .answer("Your name, as the company knows you", "Priya Sharma")
        // ... and confirmed here.
        .answer("The e-mail address the answer should go to", "priya@gmail")
        .expect("has no dot after the @")
        .expect("Is it right as it is?")
        .keys("y")
        .answer("Your postal address", "")
        .answer("Which language should the letter be in?", "")
        .save_as_text("acme.txt");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    wizard
        .said("Its e-mail address for privacy requests: privacy@acme.example")
        .said("Where is it established? (type to search): I don't know")
        .said("you did not know it, so the letter does not say where the company is established");
    let letter = wizard.read("acme.txt");
    assert_contains(&letter, "Acme Faces GmbH");
    assert_contains(&letter, "priya@gmail");
    assert_lacks(&letter, "außerhalb der Union");
    assert_lacks(&letter, "outside the Union");
}

// ---------------------------------------------------------------- answers files

/// `forget wizard --answers answers.toml --today TODAY`, run in `dir`.
pub(crate) fn answers_in(dir: &Path, today: &str) -> Test {
    forget(["wizard", "--answers", "answers.toml", "--today", today]).current_dir(dir)
}

/// Writes `answers` to `answers.toml` in a new temporary directory and replays them there on
/// `today` (see [`answers_in`]).
pub(crate) fn replay_on(today: &str, answers: &str) -> (tempfile::TempDir, Test) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("answers.toml"), answers).unwrap();
    let test = answers_in(dir.path(), today);
    (dir, test)
}

/// The same, on 31 January 2026.
fn replay(answers: &str) -> (tempfile::TempDir, Test) {
    replay_on("2026-01-31", answers)
}

#[test]
fn answers_replay_the_flow_without_a_terminal() {
    let (dir, test) = replay(
        r#"
controller = "clearview-ai"
residence = "DE-HH"
kind = "erasure"
name = "Jane Doe"
email = "jane@example.org"
lang = "de"
deliver = "eml"
out = "erasure.eml"
"#,
    );
    let output = test.ok();
    assert_contains(&output.stderr, "GDPR");
    assert_contains(&output.stderr, "Wrote erasure.eml");
    assert_contains(&output.stderr, "What happens next");
    let eml = std::fs::read_to_string(dir.path().join("erasure.eml")).unwrap();
    assert_contains(&eml, "<privacy@clearview.ai>, legal-requests@clearview.ai");
    assert_contains(&eml, "Art. 17");
}

#[test]
fn an_answers_file_with_a_bad_value_points_at_it() {
    let (_dir, test) =
        replay("controller = \"clearview-ai\"\nresidence = \"DE-HH\"\nkind = \"erasur\"\n");
    let output = test.fails(1);
    assert_contains(&output.stderr, "answers.toml:3:9");
    assert_contains(&output.stderr, "did you mean `erasure`?");
}

#[test]
fn an_answers_file_with_an_unknown_key_is_refused_with_the_line() {
    let (_dir, test) = replay("controler = \"clearview-ai\"\n");
    let output = test.fails(1);
    assert_contains(&output.stderr, "answers.toml:1:1");
    assert_contains(&output.stderr, "did you mean `controller`?");
}

#[test]
fn an_answers_file_with_a_bad_email_is_refused_with_the_line() {
    let (_dir, test) = replay(
        "controller = \"clearview-ai\"\nresidence = \"FR\"\nkind = \"access\"\nname = \"Jean\"\n\
         email = \"jean(at)example.fr\"\n",
    );
    let output = test.fails(1);
    assert_contains(&output.stderr, "answers.toml:5:10");
    assert_contains(&output.stderr, "not a valid e-mail address");
}

#[test]
fn an_answers_file_that_leaves_out_a_question_names_it() {
    let (_dir, test) = replay("controller = \"clearview-ai\"\n");
    let output = test.fails(1);
    assert_contains(&output.stderr, "the file has no `residence`");
}

#[test]
fn a_company_that_is_not_listed_is_entered_and_flagged_as_unchecked() {
    let (dir, test) = replay(
        r#"
controller = "not-listed"
company_name = "Acme Faces GmbH"
company_email = "datenschutz@acme.example"
company_country = "DE"
residence = "DE-BE"
kind = "access"
name = "Jane Doe"
email = "jane@example.org"
deliver = "text"
out = "acme.txt"
"#,
    );
    let output = test.ok();
    assert_contains(&output.stderr, "entered by you; forget has not checked it");
    let letter = std::fs::read_to_string(dir.path().join("acme.txt")).unwrap();
    assert_contains(&letter, "Acme Faces GmbH");
    assert_contains(&letter, "Art. 15");
}

#[test]
fn an_answers_file_for_a_place_no_law_covers_is_refused_with_the_reason() {
    let (_dir, test) =
        replay("controller = \"clearview-ai\"\nresidence = \"JP\"\nkind = \"access\"\n");
    let output = test.fails(1);
    assert_contains(&output.stderr, "answers.toml:2:14");
    assert_contains(
        &output.stderr,
        "no law in forget's rules protects residents of Japan",
    );
}

#[test]
fn a_folder_that_does_not_exist_for_the_saved_answers_is_refused_before_any_question() {
    let output = forget(["wizard", "--save-answers", "missing/answers.toml"]).fails(1);
    assert_contains(&output.stderr, "the folder `missing` does not exist");
}

#[test]
fn without_a_terminal_the_wizard_says_what_to_do_instead() {
    let output = forget(["wizard"]).fails(1);
    assert_contains(&output.stderr, "there is no terminal");
    assert_contains(&output.stderr, "--answers FILE.toml");
    assert_contains(&output.stderr, "forget letter");
}

#[test]
fn wizard_help_documents_the_answers_files() {
    let output = forget(["wizard", "--help"]).ok();
    insta::assert_snapshot!(output.stdout);
}

#[test]
fn with_a_mail_server_the_wizard_shows_the_headers_asks_and_sends() {
    let server = Server::start(Options::default());
    let url = format!("smtp://127.0.0.1:{}", server.port);
    let mut wizard = Wizard::start(&["wizard", "--smtp", &url], "2026-01-31");
    wizard
        .up_to_the_photo("Germany (DE)", "Hamburg", JANE)
        .answer("Offer a photo of your face", "")
        .answer("Which language should the letter be in?", "")
        .answer("See the letter?", "")
        .answer("Is the letter right?", "")
        .expect("How do you want it?")
        .expect("Send it now by e-mail through 127.0.0.1")
        .keys(ENTER)
        .expect("Send it now?")
        .keys("y")
        .expect("What happens next");
    assert_eq!(wizard.exit_code(), 0, "{}", wizard.transcript);
    wizard
        .said("with your copy (Bcc) to jane@example.org")
        .said("Subject: Request for access under Art. 15 GDPR [FGT-")
        .said("The server answered `250")
        .said("It is sent. The copy in your mailbox is your proof");
    let received = server.received();
    assert_eq!(received.len(), 1, "{}", wizard.transcript);
    assert_eq!(received[0].from, "jane@example.org");
    assert_eq!(wizard.files(), Vec::<String>::new(), "nothing written");
}

#[test]
fn an_answers_file_sends_only_when_it_says_so_and_reports_every_outcome() {
    let server = Server::start(Options::default());
    let url = |port: u16| format!("smtp://127.0.0.1:{port}");
    let answers = r#"
controller = "clearview-ai"
residence = "FR"
kind = "erasure"
name = "Jeanne Dupont"
email = "jeanne@example.fr"
deliver = "send"
"#;
    // Saved answers never hold the confirmation, so replaying them never resends by surprise.
    let (_dir, test) = replay(answers);
    let output = test.env("FORGET_SMTP_URL", url(server.port)).fails(1);
    assert_contains(
        &output.stderr,
        "answers.toml:7:12: error: this answers file sends the letter",
    );
    assert_contains(&output.stderr, "add `confirm_send = true`");
    assert_eq!(server.connections(), 0);

    let answers = format!("{answers}confirm_send = true\n");
    let (_dir, test) = replay(&answers);
    let output = test.env("FORGET_SMTP_URL", url(server.port)).ok();
    assert_contains(&output.stderr, "Sent to privacy@clearview.ai");
    let received = server.received();
    assert_eq!(received.len(), 1);
    let body = String::from_utf8_lossy(&received[0].data);
    assert_contains(&body, "Jeanne Dupont");

    let refusing = Server::start(Options {
        rcpt_reply: Some(550),
        ..Options::default()
    });
    let (_dir, test) = replay(&answers);
    let output = test.env("FORGET_SMTP_URL", url(refusing.port)).fails(1);
    assert_contains(&output.stderr, "error: not sent: the server refused it");
    assert!(refusing.received().is_empty());

    // A connection lost before the server confirmed: exit 4, as `forget send`.
    let dropping = Dropping::start(DropAt::AfterData, 1);
    let (_dir, test) = replay(&answers);
    let output = test.env("FORGET_SMTP_URL", url(dropping.port)).fails(4);
    assert_contains(&output.stderr, "perhaps sent");
    assert_contains(&output.stderr, "Look in your mailbox for your copy");
    assert_eq!(dropping.connections(), 1, "never resent blindly");

    // Without a mail server, `send` says what it needs.
    let (_dir, test) = replay(&answers);
    let output = test.fails(1);
    assert_contains(
        &output.stderr,
        "`send` needs a mail server, and none is configured",
    );
}

#[test]
fn an_answers_file_for_switzerland_stops_with_what_the_person_can_still_do() {
    let (dir, test) =
        replay("controller = \"clearview-ai\"\nresidence = \"CH\"\nkind = \"access\"\n");
    let output = test.fails(1);
    assert_contains(&output.stderr, "answers.toml:2:14");
    assert_contains(
        &output.stderr,
        "no law in forget's rules protects residents of Switzerland",
    );
    let said = flat(&output.stderr);
    assert_contains(
        &said,
        "Nor do its rules list an authority for residents of Switzerland",
    );
    assert_contains(&said, "Ask Clearview AI yourself, as a courtesy");
    // No authority and no law invented.
    assert_lacks(&said, "FDPIC");
    assert_lacks(&said, "FADP");
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 1, "only the answers file");
}

#[test]
fn an_answers_file_may_not_know_where_the_company_is_established() {
    let (dir, test) = replay(
        r#"
controller = "not-listed"
company_name = "Acme Faces Inc."
company_email = "privacy@acme.example"
company_country = "unknown"
residence = "US-CA"
kind = "access"
name = "Jane Doe"
email = "jane@example.org"
deliver = "text"
out = "acme.txt"
"#,
    );
    let output = test.ok();
    let said = flat(&output.stderr);
    assert_contains(
        &said,
        "Then the letter does not say where Acme Faces Inc. is established",
    );
    assert_contains(&said, "CCPA");
    // It is placed nowhere: not in the United States, not outside.
    assert_lacks(&said, "Acme Faces Inc. is established in");
    assert_lacks(&said, "established outside");
    let letter = std::fs::read_to_string(dir.path().join("acme.txt")).unwrap();
    assert_contains(&letter, "Acme Faces Inc.");
}
