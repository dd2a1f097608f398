//! The resource model shared by every stage of the pipeline.
//!
//! `compile` turns a manifest into a [`DesiredState`]; the AWS crate turns live AWS into an
//! [`ObservedState`]; `plan` diffs the two into [`Operation`]s and carries them out through
//! the [`Cloud`] trait. Keeping these types in one pure crate is what lets the engine be
//! tested against an in-memory fake exactly as it runs against AWS.
//!
//! Every resource `share` reads or writes has an [`Address`]; the same address names a
//! change in a plan, a fingerprint in a saved plan, and a failure in an apply report.

mod address;
mod cloud;
mod desired;
mod observed;
mod operation;
mod settings;

pub use address::{Address, ResourceType};
pub use cloud::{Cloud, CloudError, ErrorKind};
pub use desired::{
    DesiredAccessPoint, DesiredBucket, DesiredEndpoint, DesiredIdentity, DesiredState,
    ObserveRequest,
};
pub use observed::{
    ObservedAccessPoint, ObservedBucket, ObservedEndpoint, ObservedIdentity, ObservedState,
};
pub use operation::Operation;
pub use settings::{ObjectOwnership, PublicAccessBlock};
