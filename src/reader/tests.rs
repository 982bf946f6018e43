//! Unit tests of the line front end.
