//! The environment every test starts from: a moto server, fixtures, the two accounts.

use share_aws::testing::{DATA_ACCOUNT, Fixture, ML_ACCOUNT};
use share_aws::{AccountConfig, AwsCloud, Options};
use share_state::CloudError;
use share_testkit::MotoServer;
use share_types::{AccountId, Region};

pub struct Env {
    pub fx: Fixture,
    pub data: AccountId,
    pub ml: AccountId,
    pub region: Region,
    // Last, so the fixtures are dropped before the server stops.
    pub moto: MotoServer,
}

impl Env {
    pub fn start() -> Self {
        let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
        let fx = Fixture::new(&moto.endpoint_url()).unwrap();
        Self {
            fx,
            data: Fixture::account_id(DATA_ACCOUNT),
            ml: Fixture::account_id(ML_ACCOUNT),
            region: Fixture::region("us-east-1"),
            moto,
        }
    }

    pub fn accounts() -> Vec<AccountConfig> {
        vec![
            Fixture::account("data", DATA_ACCOUNT),
            Fixture::account("ml", ML_ACCOUNT),
        ]
    }

    pub fn options(&self) -> Options {
        self.fx.options()
    }

    pub fn cloud(&self) -> AwsCloud {
        self.cloud_with(self.options())
    }

    pub fn cloud_with(&self, options: Options) -> AwsCloud {
        self.fx
            .connect(Self::accounts(), options)
            .unwrap_or_else(|errors| panic!("{}", lines(&errors)))
    }
}

pub fn lines(errors: &[CloudError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts a message is one line and carries no SDK debug dump.
pub fn assert_clear(message: &str) {
    assert!(!message.contains('\n'), "not one line: {message}");
    for dump in [
        "ServiceError {",
        "DispatchFailure",
        "ConnectorError",
        "source:",
        "raw:",
    ] {
        assert!(!message.contains(dump), "debug dump in: {message}");
    }
}
