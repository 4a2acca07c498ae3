//! End-to-end tests: the `patctl` binary as a child process against the four providers' fakes
//! running in this test process on 127.0.0.1.

mod cli {
    pub mod audit;
    pub mod demo;
    pub mod list;
    pub mod revoke;
    pub mod rotate;
    pub mod support;
}
