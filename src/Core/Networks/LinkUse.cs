namespace Multi.Core.Networks;

/// <summary>
/// A node link a CNI plugin builds on (host-interfaces.md, section 9): a <c>vlan</c> plugin's master and VLAN ID, or a
/// <c>macvlan</c>/<c>ipvlan</c> plugin's master. <see cref="Plugin"/> names where it was found (<c>plugins[1]</c>, or
/// <c>config</c> for a single-plugin config, <c>spec</c> for a ClusterNetwork).
/// </summary>
public sealed record LinkUse(string Type, string Master, int? VlanId, string Plugin);
