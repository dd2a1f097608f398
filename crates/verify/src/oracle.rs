//! What the manifest means, for one request: the expectation every probe is judged against.
//!
//! Two readings, both straight from the grants (never from the documents under test):
//!
//! - [`Model::intended`]: the grants that allow the request as a whole. A grant allows a
//!   request when it names the caller, the bucket, the same path (the access point it goes
//!   `via`, the endpoint it comes `through`, or no managed endpoint when it names none), and
//!   the action and key (or `s3:prefix`) are in its access level and prefixes. A
//!   whole-account grant leaves the identity side to the account: it covers an identity
//!   whose policies share does not know, and an identity share writes the inline policy of
//!   only where that policy (its own grants) allows the request. A request through an endpoint share
//!   manages that only grants without `through` cover is left open ([`Intent::Either`]):
//!   those grants do not speak about that path.
//! - [`Model::intended_at`]: the grants that mean one *layer* to allow it, following the
//!   statement shapes of docs/compiled-policies.md (§3.1–3.6): what each document should
//!   allow on its own. This is what lets `verify` name the document that broke even when
//!   another layer still stops the request (a widened bucket statement behind a tight
//!   identity policy), and catch a missing statement that another layer makes up for
//!   (same-account grants are allowed by the identity policy alone).

use crate::documents::IdentitySide;
use crate::model::{GrantInfo, Model, Who, in_scope};
use serde::Serialize;
use share_evaluate::{ContextValue, Layer, LayerReport, NetworkOrigin, PolicySource, Request};

/// What the manifest says of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Intent {
    /// These grants allow it.
    Allowed(Vec<usize>),
    /// No grant allows it.
    Denied,
    /// These grants allow it, but name no endpoint, and it comes through one share manages.
    Either(Vec<usize>),
}

/// What a probe expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    /// A grant allows it.
    Allowed,
    /// No grant allows it.
    Denied,
    /// The manifest does not say: a grant without `through` covers it, and it comes
    /// through an endpoint share manages. Either decision is accepted.
    Either,
}

impl Intent {
    /// The expectation.
    pub fn expectation(&self) -> Expectation {
        match self {
            Self::Allowed(_) => Expectation::Allowed,
            Self::Denied => Expectation::Denied,
            Self::Either(_) => Expectation::Either,
        }
    }

    /// The grants behind it.
    pub fn grants(&self) -> &[usize] {
        match self {
            Self::Allowed(g) | Self::Either(g) => g,
            Self::Denied => &[],
        }
    }
}

/// The `s3:prefix` of a request, if any.
pub(crate) fn request_prefix(request: &Request) -> Option<&str> {
    match request.context.get("s3:prefix") {
        Some(ContextValue::Values(v)) => v.first().map(String::as_str),
        _ => None,
    }
}

impl Model<'_> {
    /// True when the request comes through the grant's endpoint, or, for a grant without
    /// one, through no endpoint share manages — and, through a VPC-origin access point,
    /// through some endpoint, since S3 rejects anything else (such a grant's traffic is
    /// taken to come through an endpoint of that VPC that share does not manage).
    fn same_route(&self, g: &GrantInfo, request: &Request) -> bool {
        let vpc_origin = request
            .access_point
            .as_ref()
            .is_some_and(|ap| matches!(ap.network_origin, Some(NetworkOrigin::Vpc(_))));
        match (&g.through, &request.endpoint) {
            (Some((_, id)), Some(e)) => &e.id == id,
            (Some(_), None) => false,
            (None, Some(e)) => !self.endpoints.contains_key(&e.id),
            (None, None) => !vpc_origin,
        }
    }

    /// True when a statement carrying the grant's `aws:SourceVpce` condition (if any)
    /// passes for this request.
    fn source_vpce_ok(g: &GrantInfo, request: &Request) -> bool {
        match &g.through {
            None => true,
            Some((_, id)) => request.endpoint.as_ref().is_some_and(|e| &e.id == id),
        }
    }

    fn via_name(request: &Request) -> Option<&share_types::AccessPointName> {
        request.access_point.as_ref().map(|ap| &ap.name)
    }

    /// What the manifest says of `request` as a whole.
    pub fn intended(&self, request: &Request, identity: IdentitySide) -> Intent {
        let key = request.key.as_deref();
        let prefix = request_prefix(request);
        let identity_allows = self.identity_allows(request);
        let covering = |g: &&GrantInfo| {
            let names = match &g.who {
                Who::Identity(arn) => request.principal.identity() == arn,
                Who::Account(id) => {
                    &request.principal.account() == id
                        && (identity != IdentitySide::Known || !identity_allows.is_empty())
                }
            };
            names
                && g.bucket == request.bucket
                && g.via.as_ref() == Self::via_name(request)
                && g.covers_action(&request.action, key, prefix, true)
        };
        let allowing: Vec<usize> = self
            .grants
            .iter()
            .filter(covering)
            .filter(|g| self.same_route(g, request))
            .map(|g| g.index)
            .collect();
        if !allowing.is_empty() {
            return Intent::Allowed(allowing);
        }
        // Through an endpoint share manages, a grant that names no endpoint neither allows
        // nor forbids: it says nothing about that path, and the endpoint passes only the
        // grants that name it.
        let silent: Vec<usize> = match &request.endpoint {
            Some(e) if self.endpoints.contains_key(&e.id) => self
                .grants
                .iter()
                .filter(covering)
                .filter(|g| g.through.is_none())
                .map(|g| g.index)
                .collect(),
            _ => Vec::new(),
        };
        if silent.is_empty() {
            Intent::Denied
        } else {
            Intent::Either(silent)
        }
    }

    /// The grants that mean `layer` to allow `request`; `None` when the layer is not one of
    /// share's documents (an assumed identity side, AWS's default endpoint policy, an
    /// access point's network origin) and so has no expectation of its own.
    pub fn intended_at(&self, layer: &LayerReport, request: &Request) -> Option<Vec<usize>> {
        let compared = matches!(
            layer.source,
            PolicySource::Documents(_) | PolicySource::None
        );
        if !compared {
            return None;
        }
        let key = request.key.as_deref();
        let prefix = request_prefix(request);
        let action = &request.action;
        let via = Self::via_name(request);
        let pick = |f: &dyn Fn(&GrantInfo) -> bool| -> Vec<usize> {
            self.grants
                .iter()
                .filter(|g| f(g))
                .map(|g| g.index)
                .collect()
        };
        Some(match layer.layer {
            Layer::Identity => self.identity_allows(request),
            // §3.3 and §3.4: grants via this access point that name the caller, with their
            // endpoint condition.
            Layer::AccessPoint => pick(&|g| {
                g.via.is_some()
                    && g.via.as_ref() == via
                    && g.names(&request.principal)
                    && Self::source_vpce_ok(g, request)
                    && g.covers_action(action, key, prefix, true)
            }),
            // §3.1 and §3.4: direct grants naming the caller (they see the bucket form of
            // any request, through an access point too); §3.2: the delegation, for anyone
            // through one of the delegated access points.
            Layer::Bucket => {
                let mut out = pick(&|g| {
                    g.via.is_none()
                        && g.bucket == request.bucket
                        && g.names(&request.principal)
                        && Self::source_vpce_ok(g, request)
                        && g.covers_action(action, key, prefix, true)
                });
                if self.delegated(request) {
                    out.extend(pick(&|g| g.bucket == request.bucket && g.via.is_some()));
                }
                out.sort_unstable();
                out.dedup();
                out
            }
            // §3.5: grants through this endpoint that name the caller; both resource forms,
            // no `s3:prefix` condition.
            Layer::Endpoint => {
                let Some(endpoint) = &request.endpoint else {
                    return Some(Vec::new());
                };
                let ap_form = request
                    .access_point_form_arn()
                    .is_some_and(|arn| arn == layer.resource);
                pick(&|g| {
                    g.through.as_ref().is_some_and(|(_, id)| id == &endpoint.id)
                        && g.names(&request.principal)
                        && g.bucket == request.bucket
                        && (!ap_form || (g.via.is_some() && g.via.as_ref() == via))
                        && g.covers_action(action, key, prefix, false)
                })
            }
            Layer::AccessPointNetwork => return None,
        })
    }

    /// The grants whose statements share's inline policy of the caller holds and that
    /// allow `request` (§3.6: the identity's own grants, on the path's resource form, with
    /// their endpoint condition, §3.4).
    fn identity_allows(&self, request: &Request) -> Vec<usize> {
        let via = Self::via_name(request);
        self.grants
            .iter()
            .filter(|g| {
                g.managed_identity
                    && matches!(&g.who, Who::Identity(arn) if arn == request.principal.identity())
                    && g.bucket == request.bucket
                    && g.via.as_ref() == via
                    && Self::source_vpce_ok(g, request)
                    && g.covers_action(
                        &request.action,
                        request.key.as_deref(),
                        request_prefix(request),
                        true,
                    )
            })
            .map(|g| g.index)
            .collect()
    }

    /// True when the bucket's delegation statement covers `request`: through one of the
    /// access points it names, one of the delegated actions, on a delegated resource.
    fn delegated(&self, request: &Request) -> bool {
        let (Some(ap), Some(d)) = (&request.access_point, self.delegations.get(&request.bucket))
        else {
            return false;
        };
        let bucket_owner = self
            .grants
            .iter()
            .find(|g| g.bucket == request.bucket)
            .is_some_and(|g| g.owner == ap.account);
        let action = request.action.as_str().to_lowercase();
        bucket_owner
            && d.access_points.contains(&ap.name)
            && d.actions.contains(&action)
            && match request.key.as_deref() {
                Some(key) => d.object_level && in_scope(d.prefixes.as_deref(), key),
                None => d.bucket_level,
            }
    }
}
