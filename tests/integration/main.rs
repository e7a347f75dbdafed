//! Integration tests: each runs the real `forget` binary in a fresh temporary directory, with
//! the environment cleared of anything that could change its behaviour.

mod authorities;
mod batch;
mod batch_send;
mod cases;
mod cli;
mod complaints;
mod controllers;
mod explain;
mod file_names;
mod fuzz_corpus;
mod identity;
mod illinois;
mod law_in_force;
mod letter;
mod letters;
mod pdf_layout;
mod rules;
mod secrets;
mod send;
mod smtp_server;
mod templates;
mod test;
mod wizard;
