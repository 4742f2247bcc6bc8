using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;

namespace Multi.Core.Annotations;

/// <summary>
/// One element of the <c>k8s.v1.cni.cncf.io/networks</c> annotation (npwg-behaviour.md, section 3).
/// <see cref="Namespace"/> is already defaulted; empty strings of the annotation are null here.
/// <see cref="DefaultRoute"/> is null when the <c>default-route</c> key is absent and empty when present and empty.
/// </summary>
public sealed record NetworkSelection(
    string Namespace,
    string Name,
    string? InterfaceRequest = null,
    ImmutableArray<string> Ips = default,
    string? Mac = null,
    string? InfinibandGuid = null,
    ImmutableArray<IPAddress>? DefaultRoute = null,
    JsonArray? PortMappings = null,
    JsonObject? Bandwidth = null,
    JsonObject? CniArgs = null,
    string? DeviceId = null,
    string? IpamClaimReference = null)
{
    /// <summary>Requested addresses as written (bare or CIDR); never default.</summary>
    public ImmutableArray<string> Ips { get; init; } = Ips.IsDefault ? [] : Ips;

    /// <summary><c>namespace/name</c>, the form used in messages and in <c>network-status</c>.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";
}
