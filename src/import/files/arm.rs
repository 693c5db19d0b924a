//! Azure Resource Manager templates: the policy each Device Provisioning Service and IoT Hub
//! resource of a deployment template will enforce.
//!
//! The rule of the [DPS TLS support page](https://learn.microsoft.com/azure/iot-dps/tls-support):
//! a `Microsoft.Devices/ProvisioningServices` resource whose properties set
//! `minTlsVersion: "1.2"` gets [`dps-tls12`](crate::Policy::named); one without
//! `minTlsVersion` gets `dps-legacy-security` (the DPS default); any other value is refused by
//! Azure, and here a [`FileError::UnsupportedMinTlsVersion`]. A `Microsoft.Devices/IotHubs`
//! resource gets `iot-hub` with `minTlsVersion: "1.2"`, and also without it: IoT Hub stopped
//! accepting TLS 1.0 and 1.1 and its legacy suites on 2025-08-31 (the `iot-hub` catalog's
//! remarks), so a hub created today enforces the same list either way.
//!
//! Templates are read as ARM reads them: `//` and `/* */` comments and trailing commas are
//! allowed (the DPS TLS support page's template has one after `sku`), property names and types match ignoring
//! ASCII case, and `resources` may be a list or (language version 2.0) an object of symbolic
//! names; child resources are searched too. A value written `[parameters('name')]` is taken
//! from the parameters file (`{"parameters": {"name": {"value": ...}}}`) when one is given,
//! else from the template's `defaultValue`; with neither it is a
//! [`FileError::UnresolvedParameter`]. Other expressions cannot be evaluated outside a
//! deployment: a `minTlsVersion` that is one is a [`FileError::UnsupportedExpression`], a name
//! that is one is kept as written.
//!
//! ```
//! use tls_policy::import::files::arm::{self, ResourceKind};
//!
//! let template = r#"{
//!     "parameters": { "tls": { "type": "string" } },
//!     "resources": [
//!         { "type": "Microsoft.Devices/ProvisioningServices", "name": "dps-a",
//!           "properties": { "minTlsVersion": "[parameters('tls')]" } },
//!         // Created before the TLS 1.2 switch existed.
//!         { "type": "Microsoft.Devices/provisioningServices", "name": "dps-b", "properties": {} },
//!     ]
//! }"#;
//! let parameters = r#"{ "parameters": { "tls": { "value": "1.2" } } }"#;
//! let resources = arm::read_template(template, Some(parameters))?;
//! assert_eq!(resources.len(), 2);
//! assert_eq!((resources[0].name.as_str(), resources[0].policy.id()), ("dps-a", "dps-tls12"));
//! assert_eq!((resources[1].name.as_str(), resources[1].policy.id()), ("dps-b", "dps-legacy-security"));
//! assert_eq!(resources[1].kind, ResourceKind::ProvisioningService);
//!
//! // Without the parameters file the first resource's policy is unknown.
//! let err = arm::read_template(template, None).unwrap_err();
//! assert!(err.to_string().contains("[parameters('tls')], which is unresolved"));
//! # Ok::<(), tls_policy::import::files::FileError>(())
//! ```

use core::fmt;
use std::collections::HashSet;
use std::path::Path;

use super::tree::{Member, Node, Value, clip};
use super::{Doc, FileError, Location, Syntax, Unresolved};
use crate::policy::Policy;

/// The resource type of a Device Provisioning Service instance.
pub const DPS_TYPE: &str = "Microsoft.Devices/ProvisioningServices";
/// The resource type of an IoT hub.
pub const IOT_HUB_TYPE: &str = "Microsoft.Devices/IotHubs";
/// The `minTlsVersion` values DPS and IoT Hub accept.
pub const MIN_TLS_VERSIONS: &[&str] = &["1.2"];

/// Which service a resource is.
///
/// ```
/// use tls_policy::import::files::arm::{self, ResourceKind};
///
/// let template = r#"{ "resources": [ { "type": "Microsoft.Devices/IotHubs", "name": "hub", "properties": {} } ] }"#;
/// assert_eq!(arm::read_template(template, None)?[0].kind, ResourceKind::IotHub);
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResourceKind {
    /// `Microsoft.Devices/ProvisioningServices`.
    ProvisioningService,
    /// `Microsoft.Devices/IotHubs`.
    IotHub,
}

impl ResourceKind {
    /// The ARM resource type.
    ///
    /// ```
    /// use tls_policy::import::files::arm::{ResourceKind, DPS_TYPE};
    ///
    /// assert_eq!(ResourceKind::ProvisioningService.resource_type(), DPS_TYPE);
    /// assert_eq!(ResourceKind::IotHub.to_string(), "Microsoft.Devices/IotHubs");
    /// ```
    pub const fn resource_type(self) -> &'static str {
        match self {
            Self::ProvisioningService => DPS_TYPE,
            Self::IotHub => IOT_HUB_TYPE,
        }
    }

    /// The id of the named policy a resource of this kind enforces with this `minTlsVersion`
    /// (`None`: not set); `None` when the value is not one Azure accepts.
    ///
    /// ```
    /// use tls_policy::import::files::arm::ResourceKind;
    ///
    /// assert_eq!(ResourceKind::ProvisioningService.policy_id(Some("1.2")), Some("dps-tls12"));
    /// assert_eq!(ResourceKind::ProvisioningService.policy_id(None), Some("dps-legacy-security"));
    /// assert_eq!(ResourceKind::IotHub.policy_id(Some("1.2")), Some("iot-hub"));
    /// assert_eq!(ResourceKind::ProvisioningService.policy_id(Some("1.0")), None);
    /// ```
    pub fn policy_id(self, min_tls_version: Option<&str>) -> Option<&'static str> {
        match (self, min_tls_version) {
            (Self::ProvisioningService, None) => Some("dps-legacy-security"),
            (Self::ProvisioningService, Some("1.2")) => Some("dps-tls12"),
            (Self::IotHub, None | Some("1.2")) => Some("iot-hub"),
            _ => None,
        }
    }

    fn from_type(t: &str) -> Option<Self> {
        [Self::ProvisioningService, Self::IotHub].into_iter().find(|k| k.resource_type().eq_ignore_ascii_case(t))
    }
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.resource_type())
    }
}

/// A DPS or IoT Hub resource of a template and the policy it will enforce.
///
/// ```
/// use tls_policy::import::files::arm;
///
/// let template = r#"{ "resources": [ { "type": "Microsoft.Devices/ProvisioningServices",
///     "name": "dps", "properties": { "minTlsVersion": "1.2" } } ] }"#;
/// let dps = &arm::read_template(template, None)?[0];
/// assert_eq!((dps.name.as_str(), dps.min_tls_version.as_deref()), ("dps", Some("1.2")));
/// assert_eq!((dps.policy.id(), dps.at.line), ("dps-tls12", 1));
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resource {
    /// Which service.
    pub kind: ResourceKind,
    /// The resource's name: as written, or the parameter's value when it is
    /// `[parameters('name')]` and resolved; any other expression as written.
    pub name: String,
    /// The `minTlsVersion` property, resolved; `None` when not set.
    pub min_tls_version: Option<String>,
    /// The named policy that follows.
    pub policy: Policy,
    /// Where the resource's object starts in the template.
    pub at: Location,
}

/// Reads the DPS and IoT Hub resources of a template, with the parameters file's text when
/// there is one. Errors in the parameters file name it `(parameters)`; [`load_template`] names
/// both files.
///
/// ```
/// use tls_policy::import::files::arm;
///
/// // Comments and trailing commas, as ARM reads them; DPS without minTlsVersion is legacy.
/// let template = r#"{ "resources": [ /* old */ { "type": "Microsoft.Devices/provisioningServices",
///     "name": "dps-old", "properties": {}, }, ] }"#;
/// assert_eq!(arm::read_template(template, None)?[0].policy.id(), "dps-legacy-security");
/// assert!(arm::read_template(r#"{ "resources": [] }"#, None).is_err()); // no DPS or IoT Hub
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
pub fn read_template(template: &str, parameters: Option<&str>) -> Result<Vec<Resource>, FileError> {
    let template = Doc { text: template, file: None, syntax: Syntax::Template };
    let parameters =
        parameters.map(|text| Doc { text, file: Some(Path::new("(parameters)")), syntax: Syntax::Template });
    resources(&template, parameters.as_ref())
}

/// Reads a template file, and its parameters file when one is given.
///
/// ```no_run
/// use std::path::Path;
///
/// let resources = tls_policy::import::files::arm::load_template("azuredeploy.json", Some(Path::new("azuredeploy.parameters.json")))?;
/// for r in &resources {
///     println!("{} {}: {}", r.kind, r.name, r.policy.id());
/// }
/// # Ok::<(), tls_policy::import::files::FileError>(())
/// ```
pub fn load_template(template: impl AsRef<Path>, parameters: Option<&Path>) -> Result<Vec<Resource>, FileError> {
    let template_path = template.as_ref();
    let template_text = super::read_text(template_path)?;
    let parameters_text = parameters.map(super::read_text).transpose()?;
    let template = Doc { text: &template_text, file: Some(template_path), syntax: Syntax::Template };
    let parameters = match (parameters, &parameters_text) {
        (Some(file), Some(text)) => Some(Doc { text, file: Some(file), syntax: Syntax::Template }),
        _ => None,
    };
    resources(&template, parameters.as_ref())
}

/// The member with this key, ASCII case ignored (ARM property names are case-insensitive).
fn property<'n>(members: &'n [Member], key: &str) -> Option<&'n Node> {
    members.iter().find(|m| m.key.eq_ignore_ascii_case(key)).map(|m| &m.value)
}

/// A value as a template writes it, after resolving `[parameters('name')]`.
enum Written<'a> {
    Literal(&'a str),
    Parameter(&'a str),
    Expression(&'a str),
}

/// ARM expressions are strings in brackets; `[[` escapes a literal bracket.
fn written(s: &str) -> Written<'_> {
    if let Some(rest) = s.strip_prefix("[[") {
        return Written::Literal(s.get(1..).unwrap_or(rest));
    }
    let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else { return Written::Literal(s) };
    // parameters('name'), function names ignoring case, blanks allowed around the parts.
    let call = inner.trim();
    let parameter = call
        .get(..10)
        .filter(|f| f.eq_ignore_ascii_case("parameters"))
        .and_then(|_| call.get(10..))
        .and_then(|r| r.trim_start().strip_prefix('('))
        .and_then(|r| r.trim().strip_suffix(')'))
        .map(str::trim)
        .and_then(|r| r.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .filter(|name| !name.is_empty() && !name.contains('\''));
    match parameter {
        Some(name) => Written::Parameter(name),
        None => Written::Expression(s),
    }
}

struct Context<'a> {
    template: &'a Doc<'a>,
    parameters: Option<&'a Doc<'a>>,
    /// The template's `parameters` object.
    declared: &'a [Member],
    /// The parameters file's `parameters` object.
    given: Option<&'a [Member]>,
}

/// Where a resolved value came from: the node and the document that holds it.
struct Resolved<'a> {
    node: &'a Node,
    doc: &'a Doc<'a>,
}

impl<'a> Context<'a> {
    /// The value of parameter `name`: the parameters file's `value`, else the template's
    /// `defaultValue`.
    fn parameter(&self, name: &str) -> Result<Option<Resolved<'a>>, FileError> {
        if let (Some(given), Some(doc)) = (self.given, self.parameters) {
            if let Some(entry) = property(given, name) {
                let members = doc.object(entry, &format!("parameters.{name}"))?;
                if let Some(value) = property(members, "value") {
                    return Ok(Some(Resolved { node: value, doc }));
                }
            }
        }
        if let Some(decl) = property(self.declared, name) {
            let members = self.template.object(decl, &format!("parameters.{name}"))?;
            if let Some(value) = property(members, "defaultValue") {
                return Ok(Some(Resolved { node: value, doc: self.template }));
            }
        }
        Ok(None)
    }

    fn unresolved(&self) -> Unresolved {
        if self.parameters.is_some() { Unresolved::MissingFromParametersFile } else { Unresolved::NoParametersFile }
    }
}

fn resources(template: &Doc<'_>, parameters: Option<&Doc<'_>>) -> Result<Vec<Resource>, FileError> {
    let root = template.parse()?;
    let members = template.object(&root, "the template")?;
    let declared = match property(members, "parameters") {
        Some(node) => template.object(node, "parameters")?,
        None => &[],
    };
    let given_root = parameters.map(|doc| doc.parse()).transpose()?;
    let given = match (parameters, &given_root) {
        (Some(doc), Some(root)) => {
            let members = doc.object(root, "the parameters file")?;
            let node = doc.required(root, members, "parameters", "the parameters file")?;
            Some(doc.object(node, "parameters")?)
        }
        _ => None,
    };
    let cx = Context { template, parameters, declared, given };

    let mut found = Vec::new();
    let mut types = Types::default();
    if let Some(list) = property(members, "resources") {
        collect(&cx, list, "resources", &mut found, &mut types)?;
    }
    if found.is_empty() {
        let at = members.iter().find(|m| m.key.eq_ignore_ascii_case("resources")).map_or(root.at, |m| m.at);
        return Err(FileError::NoIotResource { at: template.loc(at), found: types.in_order });
    }
    Ok(found)
}

/// The resource types a template has, each once, in the order first seen: a set beside the
/// list, so a template of many thousand types is read in linear time.
#[derive(Default)]
struct Types {
    seen: HashSet<String>,
    in_order: Vec<String>,
}

impl Types {
    fn add(&mut self, t: &str) {
        if !self.seen.contains(t) {
            self.seen.insert(t.to_owned());
            self.in_order.push(clip(t));
        }
    }
}

/// Every DPS and IoT Hub resource of a `resources` list or object, child resources included.
fn collect(
    cx: &Context<'_>,
    list: &Node,
    path: &str,
    found: &mut Vec<Resource>,
    types: &mut Types,
) -> Result<(), FileError> {
    let doc = cx.template;
    let items: Vec<(String, &Node)> = match &list.value {
        Value::Array(items) => items.iter().enumerate().map(|(i, n)| (format!("{path}[{i}]"), n)).collect(),
        Value::Object(members) => members.iter().map(|m| (format!("{path}.{}", m.key), &m.value)).collect(),
        _ => return Err(doc.wrong_type(list, path, "a list or an object of resources")),
    };
    for (path, node) in items {
        let members = doc.object(node, &path)?;
        let kind = match property(members, "type").map(|t| &t.value) {
            Some(Value::String(t)) => {
                types.add(t);
                ResourceKind::from_type(t)
            }
            _ => None,
        };
        if let Some(kind) = kind {
            found.push(resource(cx, node, members, kind, &path)?);
        }
        if let Some(children) = property(members, "resources") {
            collect(cx, children, &format!("{path}.resources"), found, types)?;
        }
    }
    Ok(())
}

fn resource(
    cx: &Context<'_>,
    node: &Node,
    members: &[Member],
    kind: ResourceKind,
    path: &str,
) -> Result<Resource, FileError> {
    let doc = cx.template;
    let name = match property(members, "name") {
        Some(n) => match &n.value {
            Value::String(s) => match written(s) {
                Written::Literal(l) => l.to_owned(),
                Written::Parameter(p) => match cx.parameter(p)? {
                    Some(Resolved { node: Node { value: Value::String(v), .. }, .. }) => v.clone(),
                    _ => s.clone(),
                },
                Written::Expression(e) => e.to_owned(),
            },
            other => other.quote(),
        },
        None => String::new(),
    };
    let properties = match property(members, "properties") {
        Some(p) => doc.object(p, &format!("{path}.properties"))?,
        None => &[],
    };
    let min_tls = match property(properties, "minTlsVersion") {
        None => None,
        Some(node) => {
            let key = "minTlsVersion";
            let (value_node, value_doc) = match &node.value {
                Value::String(s) => match written(s) {
                    Written::Literal(_) => (node, doc),
                    Written::Parameter(p) => match cx.parameter(p)? {
                        Some(Resolved { node, doc }) => (node, doc),
                        None => {
                            return Err(FileError::UnresolvedParameter {
                                at: doc.loc(node.at),
                                resource: clip(&name),
                                key: key.to_owned(),
                                parameter: clip(p),
                                reason: cx.unresolved(),
                            });
                        }
                    },
                    Written::Expression(e) => {
                        return Err(FileError::UnsupportedExpression {
                            at: doc.loc(node.at),
                            resource: clip(&name),
                            key: key.to_owned(),
                            expression: clip(e),
                        });
                    }
                },
                _ => (node, doc),
            };
            match &value_node.value {
                Value::Null => None,
                Value::String(s) => {
                    // A literal in brackets is escaped with `[[`; take the text after it.
                    let value = match written(s) {
                        Written::Literal(l) => l.to_owned(),
                        _ => s.clone(),
                    };
                    Some((value, value_node.at, value_doc))
                }
                _ => return Err(value_doc.wrong_type(value_node, key, "a string such as \"1.2\"")),
            }
        }
    };
    let (min_tls_version, policy_id) = match min_tls {
        None => (None, kind.policy_id(None)),
        Some((value, at, value_doc)) => {
            let Some(id) = kind.policy_id(Some(&value)) else {
                return Err(FileError::UnsupportedMinTlsVersion {
                    at: value_doc.loc(at),
                    resource: clip(&name),
                    value: clip(&value),
                    allowed: MIN_TLS_VERSIONS,
                });
            };
            (Some(value), Some(id))
        }
    };
    // The ids are the crate's own named policies, tested to build.
    let policy = policy_id
        .and_then(|id| Policy::named(id).ok())
        .unwrap_or_else(|| unreachable!("the ARM policies are named policies"));
    Ok(Resource { kind, name, min_tls_version, policy, at: doc.loc(node.at) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        assert!(matches!(written("1.2"), Written::Literal("1.2")));
        assert!(matches!(written("[[parameters('x')]"), Written::Literal("[parameters('x')]")));
        assert!(matches!(written("[parameters('tls')]"), Written::Parameter("tls")));
        assert!(matches!(written("[ Parameters ( 'tls' ) ]"), Written::Parameter("tls")));
        assert!(matches!(written("[variables('tls')]"), Written::Expression(_)));
        assert!(matches!(written("[parameters('a')]x"), Written::Literal(_)));
        assert!(matches!(written("[parameters()]"), Written::Expression(_)));
        assert!(matches!(written("[parameters('a', 'b')]"), Written::Expression(_)));
        assert!(matches!(written("[]"), Written::Expression(_)));
    }
}
