//! Integration tests: each runs the real `forget` binary in a fresh temporary directory, with
//! the environment cleared of anything that could change its behaviour.

mod authorities;
mod batch;
mod batch_input;
mod batch_resume;
mod batch_send;
mod cases;
mod cli;
mod complaints;
mod controllers;
mod due;
mod explain;
mod file_names;
mod fuzz_corpus;
mod identity;
mod illinois;
mod law_in_force;
mod letter;
mod letter_formats;
mod letters;
mod pdf_layout;
mod pdf_text;
mod readme;
mod rules;
mod secrets;
mod send;
mod smtp_server;
mod templates;
mod test;
mod wizard;
