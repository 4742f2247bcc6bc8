using System.Text.Json.Nodes;
using Multi.Core;

namespace Multi.MetaPlugin.Ipam;

/// <summary>
/// What this node knows about one attachment's claim in one pool. <see cref="IpamJournalState.Intent"/>: a create of
/// <see cref="Name"/> may have reached the API server (written before the POST). <see cref="IpamJournalState.Committed"/>: the
/// claim <see cref="Name"/> with <see cref="Uid"/> and <see cref="Address"/> was created for it. <see cref="IpamJournalState.Unreadable"/>:
/// a file is there but cannot be read (a torn write after a power loss), so nothing can be concluded from it.
/// </summary>
internal sealed record IpamJournalRecord(IpamJournalState State, string Pool, string ContainerId, string Interface, string? Name, string? Uid, string? Address)
{
    public static IpamJournalRecord Intent(string pool, string containerId, string ifName, string candidate) =>
        new(IpamJournalState.Intent, pool, containerId, ifName, candidate, null, null);

    public static IpamJournalRecord Committed(IpamClaim claim) =>
        new(IpamJournalState.Committed, claim.Pool, claim.Owner.ContainerId, claim.Owner.Interface, claim.Name, claim.Uid, Core.Annotations.IpText.Canonical(claim.Address));

    public JsonObject ToJson() => new()
    {
        ["state"] = State == IpamJournalState.Committed ? "committed" : "intent",
        ["pool"] = Pool,
        ["containerId"] = ContainerId,
        ["interface"] = Interface,
        ["name"] = Name,
        ["uid"] = Uid,
        ["address"] = Address,
    };

    /// <summary>The record in <paramref name="text"/>, or an <see cref="IpamJournalState.Unreadable"/> one for <paramref name="pool"/>.</summary>
    public static IpamJournalRecord Parse(string pool, string text)
    {
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(text) is JsonObject obj
                && Json.GetString(obj, "pool") is { } p && Json.GetString(obj, "containerId") is { } c && Json.GetString(obj, "interface") is { } i
                && Json.GetString(obj, "name") is { } name)
            {
                switch (Json.GetString(obj, "state"))
                {
                    case "intent":
                        return new(IpamJournalState.Intent, p, c, i, name, null, null);
                    case "committed" when Json.GetString(obj, "uid") is { } uid:
                        return new(IpamJournalState.Committed, p, c, i, name, uid, Json.GetString(obj, "address"));
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return new(IpamJournalState.Unreadable, pool, "", "", null, null, null);
    }
}
