//! Unit tests of `lib.rs`.

use super::*;

#[test]
fn starts_answers_and_stops() {
    let server = MotoServer::start().unwrap();
    assert!(server.endpoint_url().starts_with("http://127.0.0.1:"));
    assert!(answers(server.address()));
    server.reset().unwrap();
    let address = server.address();
    drop(server);
    assert!(TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err());
}

#[test]
fn a_missing_binary_says_how_to_install_it() {
    let empty = std::env::temp_dir().join("share-testkit-no-moto-here");
    assert_eq!(
        find_binary_in(None, Some(empty.clone().into_os_string())),
        None
    );
    assert_eq!(
        find_binary_in(Some(empty.into_os_string()), None),
        None,
        "an explicit path that does not exist is not silently replaced by PATH"
    );
    let message = Error::NotInstalled.to_string();
    assert!(message.contains("pip install 'moto[server]'"), "{message}");
}

#[test]
fn free_ports_are_loopback_ports() {
    assert_ne!(free_port().unwrap(), 0);
}
