//! `connect`: per-account credentials, confirmed with STS before anything is read.

use crate::util::{Env, assert_clear, lines};
use share_aws::testing::{DATA_ACCOUNT, Fixture, ML_ACCOUNT};
use share_aws::{AccountConfig, CredentialSource, Options};
use share_state::ErrorKind;

#[test]
fn both_accounts_are_reached_through_assume_role() {
    let env = Env::start();
    let cloud = env.cloud();
    // One GetCallerIdentity per account (AssumeRole itself is the credentials provider's).
    assert_eq!(cloud.api_calls(), 2);
    assert_eq!(cloud.endpoint_url(), Some(env.moto.endpoint_url().as_str()));
    assert_eq!(env.fx.caller_account(&env.data).unwrap(), DATA_ACCOUNT);
    assert_eq!(env.fx.caller_account(&env.ml).unwrap(), ML_ACCOUNT);
}

#[test]
fn credentials_of_another_account_are_one_clear_line_per_account() {
    let env = Env::start();
    let mut accounts = Env::accounts();
    // `ml` claims 111111111111 but its role lives in 333333333333.
    accounts[1].credentials = CredentialSource::AssumeRole {
        role_arn: "arn:aws:iam::333333333333:role/share-admin".into(),
        external_id: None,
    };
    let errors = env.fx.connect(accounts, env.options()).unwrap_err();
    assert_eq!(errors.len(), 1, "{}", lines(&errors));
    let e = &errors[0];
    assert_eq!(e.kind, ErrorKind::Credentials);
    let line = e.to_string();
    assert_clear(&line);
    assert!(
        line.starts_with("account `ml` (111111111111): credentials belong to 333333333333"),
        "{line}"
    );
    assert!(
        line.contains("role arn:aws:iam::333333333333:role/share-admin"),
        "{line}"
    );
}

#[test]
fn every_wrong_account_is_reported_at_once() {
    let env = Env::start();
    let accounts = vec![
        AccountConfig {
            id: Fixture::account_id("444444444444"),
            ..Fixture::account("data", DATA_ACCOUNT)
        },
        AccountConfig {
            id: Fixture::account_id("555555555555"),
            ..Fixture::account("ml", ML_ACCOUNT)
        },
    ];
    let errors = env.fx.connect(accounts, env.options()).unwrap_err();
    let text = lines(&errors);
    assert_eq!(errors.len(), 2, "{text}");
    assert!(
        text.contains("account `data` (444444444444): credentials belong to 222222222222"),
        "{text}"
    );
    assert!(
        text.contains("account `ml` (555555555555): credentials belong to 111111111111"),
        "{text}"
    );
}

#[test]
fn an_unreachable_endpoint_is_one_clear_line() {
    let env = Env::start();
    // A port nobody listens on.
    let port = share_testkit::free_port().unwrap();
    let endpoint = format!("http://127.0.0.1:{port}");
    let options = Options {
        endpoint_url: Some(endpoint.clone()),
        ..env.options()
    };
    let started = std::time::Instant::now();
    let errors = env
        .fx
        .connect(vec![Fixture::account("data", DATA_ACCOUNT)], options)
        .unwrap_err();
    assert_eq!(errors.len(), 1, "{}", lines(&errors));
    let line = errors[0].to_string();
    assert_clear(&line);
    assert!(
        line.starts_with("account `data` (222222222222): "),
        "{line}"
    );
    assert!(
        line.contains(&format!("could not reach {endpoint}")),
        "{line}"
    );
    assert!(line.to_lowercase().contains("connection refused"), "{line}");
    assert_eq!(errors[0].kind, ErrorKind::Unavailable);
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn configuration_mistakes_are_reported_before_any_call() {
    let fx_endpoint = "http://127.0.0.1:9";
    let fx = Fixture::new(fx_endpoint).unwrap();
    let options = Options {
        endpoint_url: Some("127.0.0.1:5000".into()),
        ..Options::default()
    };
    let accounts = vec![
        Fixture::account("data", DATA_ACCOUNT),
        Fixture::account("again", DATA_ACCOUNT),
    ];
    let errors = fx.connect(accounts, options).unwrap_err();
    let text = lines(&errors);
    assert_eq!(errors.len(), 2, "{text}");
    assert!(
        text.contains("endpoint URL `127.0.0.1:5000` must start with http:// or https://"),
        "{text}"
    );
    assert!(
        text.contains("accounts `data` and `again` both have id 222222222222"),
        "{text}"
    );
    let errors = fx.connect(vec![], Options::default()).unwrap_err();
    assert!(lines(&errors).contains("no accounts"));
}

#[test]
fn profiles_are_read_from_the_shared_config_file() {
    let env = Env::start();
    let dir = std::env::temp_dir().join(format!("share-aws-profiles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    // Static keys land in moto's default account, 123456789012.
    std::fs::write(
        &config,
        "[profile plain]\naws_access_key_id = testing\naws_secret_access_key = testing\nregion = us-east-1\n",
    )
    .unwrap();
    let account = |id: &str| AccountConfig {
        credentials: CredentialSource::Profile("plain".into()),
        ..Fixture::account("sandbox", id)
    };
    let cloud = env
        .fx
        .connect_with_config_file(vec![account("123456789012")], env.options(), &config)
        .unwrap_or_else(|e| panic!("{}", lines(&e)));
    assert_eq!(cloud.api_calls(), 1);
    let errors = env
        .fx
        .connect_with_config_file(vec![account(ML_ACCOUNT)], env.options(), &config)
        .unwrap_err();
    let line = errors[0].to_string();
    assert_clear(&line);
    assert!(
        line.contains("credentials belong to 123456789012"),
        "{line}"
    );
    assert!(line.contains("check profile `plain`"), "{line}");
    // A profile that does not exist is a credentials problem, said in one line.
    let errors = env
        .fx
        .connect_with_config_file(
            vec![AccountConfig {
                credentials: CredentialSource::Profile("missing".into()),
                ..account(ML_ACCOUNT)
            }],
            env.options(),
            &config,
        )
        .unwrap_err();
    let line = errors[0].to_string();
    assert_clear(&line);
    assert_eq!(errors[0].kind, ErrorKind::Credentials, "{line}");
    assert!(line.contains("profile `missing`"), "{line}");
    std::fs::remove_dir_all(&dir).unwrap();
}
