using System.Globalization;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>Attributes the kernel changes in place (RTM_NEWLINK on an existing link); null leaves one as it is.</summary>
internal sealed record LinkChanges
{
    public int? Mtu { get; init; }

    public string? Alias { get; init; }

    public bool? Learning { get; init; }

    public int? Ttl { get; init; }

    public int? Ageing { get; init; }

    public bool IsEmpty => Mtu is null && Alias is null && Learning is null && Ttl is null && Ageing is null;

    public override string ToString() => string.Join(", ", new[]
    {
        Mtu is { } mtu ? $"mtu {mtu.ToString(CultureInfo.InvariantCulture)}" : null,
        Alias is { } alias ? $"alias \"{alias}\"" : null,
        Learning is { } learning ? $"learning {learning}" : null,
        Ttl is { } ttl ? $"ttl {ttl.ToString(CultureInfo.InvariantCulture)}" : null,
        Ageing is { } ageing ? $"ageing {ageing.ToString(CultureInfo.InvariantCulture)}" : null,
    }.Where(s => s is not null));
}
