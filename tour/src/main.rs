//! The tour: every provider SDK doing real work against embedded fakes.

fn main() {}
