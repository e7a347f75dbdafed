use chrono::NaiveDate;

use super::language::Language;

/// A rendered letter, laid out by each output format.
#[derive(Debug, Clone)]
pub struct Letter {
    pub language: Language,
    pub reference: String,
    pub date: NaiveDate,
    /// The date written out in the letter's language.
    pub date_text: String,
    pub sender: Party,
    pub recipient: Party,
    /// The subject, ending with the reference in brackets.
    pub subject: String,
    pub body: Vec<Block>,
    pub paper: Paper,
}

/// The sender or the recipient.
#[derive(Debug, Clone, Default)]
pub struct Party {
    pub name: String,
    pub email: Option<String>,
    /// Postal address lines, without the name; empty where there is none.
    pub address: Vec<String>,
}

/// A piece of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph; each element is a line that ends with a hard break (most paragraphs have one).
    Paragraph(Vec<String>),
    /// A bulleted list; each element is one item.
    List(Vec<String>),
}

/// The paper a printed letter is laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    /// A4 with the DIN 5008 window-envelope layout: wherever A4 is the paper sold.
    A4,
    /// US Letter, in the United States, Canada and Mexico.
    #[value(name = "letter")]
    UsLetter,
}

impl Paper {
    /// The paper sold in `country` (ISO 3166-1 alpha-2), where the letter is printed.
    pub fn for_country(country: &str) -> Paper {
        match country {
            "US" | "CA" | "MX" => Paper::UsLetter,
            _ => Paper::A4,
        }
    }
}

impl Block {
    /// Parses a rendered body (conventions in templates/README.md): blank lines separate
    /// paragraphs, soft line breaks are joined, `- ` starts a list item, a trailing `\` is a hard
    /// break.
    pub fn parse(body: &str) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut lines: Vec<&str> = Vec::new();
        for line in body.lines().map(str::trim_end) {
            if line.trim().is_empty() {
                if !lines.is_empty() {
                    Block::push_lines(&lines, &mut blocks);
                    lines.clear();
                }
            } else {
                lines.push(line);
            }
        }
        if !lines.is_empty() {
            Block::push_lines(&lines, &mut blocks);
        }
        blocks
    }

    /// Adds the blocks of one run of non-blank lines: a paragraph, then a list if items follow.
    fn push_lines(lines: &[&str], blocks: &mut Vec<Block>) {
        let is_item = |line: &&str| line.trim_start().starts_with("- ");
        let first_item = lines.iter().position(is_item).unwrap_or(lines.len());
        if first_item > 0 {
            blocks.push(Block::paragraph(&lines[..first_item]));
        }
        if first_item < lines.len() {
            let mut items: Vec<String> = Vec::new();
            for line in &lines[first_item..] {
                let trimmed = line.trim();
                match trimmed.strip_prefix("- ") {
                    Some(item) => items.push(item.trim().to_string()),
                    None => {
                        let last = items.last_mut().expect("the run starts with an item");
                        join(last, trimmed.trim_end_matches('\\'));
                    }
                }
            }
            blocks.push(Block::List(items));
        }
    }

    fn paragraph(lines: &[&str]) -> Block {
        let mut out: Vec<String> = vec![String::new()];
        for line in lines {
            let trimmed = line.trim();
            let (text, hard) = match trimmed.strip_suffix('\\') {
                Some(text) => (text.trim_end(), true),
                None => (trimmed, false),
            };
            join(out.last_mut().expect("never empty"), text);
            if hard {
                out.push(String::new());
            }
        }
        if out.len() > 1 && out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        Block::Paragraph(out)
    }
}

fn join(line: &mut String, text: &str) {
    if !line.is_empty() && !text.is_empty() {
        line.push(' ');
    }
    line.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_parsed_into_paragraphs_and_lists() {
        let body = "Dear Sir or Madam,\n\n\n\nI ask\nfor erasure.  \n\nDetails:\n- name: A\n- e-mail: a@b.c\n  continued\n\nYours faithfully,\\\nA";
        assert_eq!(
            Block::parse(body),
            vec![
                Block::Paragraph(vec!["Dear Sir or Madam,".into()]),
                Block::Paragraph(vec!["I ask for erasure.".into()]),
                Block::Paragraph(vec!["Details:".into()]),
                Block::List(vec!["name: A".into(), "e-mail: a@b.c continued".into()]),
                Block::Paragraph(vec!["Yours faithfully,".into(), "A".into()]),
            ]
        );
    }
}
