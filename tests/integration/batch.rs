//! `forget batch` writing letters from a spreadsheet (see `batch_send.rs` for sending).
