using System.Buffers;
using System.Text.Json;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// What this node knows about one attachment's claim in one pool. <see cref="IpamJournalState.Intent"/>: a create of
/// <see cref="Name"/> may have reached the API server (written before the POST). <see cref="IpamJournalState.Committed"/>: the
/// claim <see cref="Name"/> with <see cref="Uid"/> and <see cref="Address"/> was created for it. <see cref="IpamJournalState.Unreadable"/>:
/// a file is there but cannot be read (a torn write after a power loss), so nothing can be concluded from it.
/// <see cref="IpamJournalState.Releasing"/>: a DEL could not reach the API server, so the release is pending; with the claim's
/// <see cref="Name"/> and <see cref="Uid"/> when a committed record gave them, else with neither (completed by the owner label list).
/// </summary>
internal sealed record IpamJournalRecord(IpamJournalState State, string Pool, string ContainerId, string Interface, string? Name, string? Uid, string? Address)
{
    public static IpamJournalRecord Intent(string pool, string containerId, string ifName, string candidate) =>
        new(IpamJournalState.Intent, pool, containerId, ifName, candidate, null, null);

    public static IpamJournalRecord Committed(IpAllocationClaim claim) =>
        new(IpamJournalState.Committed, claim.Pool, claim.Owner.ContainerId, claim.Owner.Interface, claim.Name, claim.Uid, Core.Annotations.IpText.Canonical(claim.Address));

    /// <summary>The pending release replacing <paramref name="earlier"/>: it keeps the claim's name, UID and address when those are known.</summary>
    public static IpamJournalRecord Releasing(string pool, string containerId, string ifName, IpamJournalRecord? earlier) =>
        earlier is { State: IpamJournalState.Committed or IpamJournalState.Releasing, Name: not null, Uid: not null }
            ? earlier with { State = IpamJournalState.Releasing }
            : new(IpamJournalState.Releasing, pool, containerId, ifName, null, null, null);

    /// <summary>The record as the journal stores it: one JSON object (a line of the log, so never indented).</summary>
    public ReadOnlyMemory<byte> ToUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("state"u8, State switch
            {
                IpamJournalState.Committed => "committed"u8,
                IpamJournalState.Releasing => "releasing"u8,
                _ => "intent"u8,
            });
            writer.WriteString("pool"u8, Pool);
            writer.WriteString("containerId"u8, ContainerId);
            writer.WriteString("interface"u8, Interface);
            WriteStringOrNull(writer, "name"u8, Name);
            WriteStringOrNull(writer, "uid"u8, Uid);
            WriteStringOrNull(writer, "address"u8, Address);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>
    /// The record in <paramref name="utf8"/>, or an <see cref="IpamJournalState.Unreadable"/> one for <paramref name="pool"/>:
    /// not one JSON object, a known field that is neither a string nor null, or a field the state needs missing (a pending release
    /// has both the name and the UID, or neither).
    /// </summary>
    public static IpamJournalRecord Parse(string pool, ReadOnlySpan<byte> utf8)
    {
        var fields = new string?[FieldNames.Length];
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Unreadable(pool);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldOf(ref reader);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && field >= 0)
                {
                    fields[field] = reader.GetString();
                }
                else if (reader.TokenType != JsonTokenType.Null && field >= 0)
                {
                    return Unreadable(pool);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return Unreadable(pool);
            }
        }
        catch (JsonException)
        {
            return Unreadable(pool);
        }

        return fields switch
        {
            ["intent", { } p, { } c, { } i, { } n, _, _] => new(IpamJournalState.Intent, p, c, i, n, null, null),
            ["committed", { } p, { } c, { } i, { } n, { } uid, var address] => new(IpamJournalState.Committed, p, c, i, n, uid, address),
            ["releasing", { } p, { } c, { } i, { } n, { } uid, var address] => new(IpamJournalState.Releasing, p, c, i, n, uid, address),
            ["releasing", { } p, { } c, { } i, null, null, _] => new(IpamJournalState.Releasing, p, c, i, null, null, null),
            _ => Unreadable(pool),
        };
    }

    /// <summary>The fields <see cref="Parse"/> reads, in the order of the pattern it matches them with.</summary>
    private static readonly byte[][] FieldNames =
        ["state"u8.ToArray(), "pool"u8.ToArray(), "containerId"u8.ToArray(), "interface"u8.ToArray(), "name"u8.ToArray(), "uid"u8.ToArray(), "address"u8.ToArray()];

    private static int FieldOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < FieldNames.Length; i++)
        {
            if (reader.ValueTextEquals(FieldNames[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static IpamJournalRecord Unreadable(string pool) => new(IpamJournalState.Unreadable, pool, "", "", null, null, null);

    private static void WriteStringOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
