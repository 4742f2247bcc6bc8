using System.Text.Json.Nodes;
using Multi.Cli.Kube;
using Multi.Cli.Output;
using Spectre.Console;

namespace Multi.Cli.Commands;

/// <summary>A claim as <c>pool show</c> and <c>whois</c> print it: address, pod, node, container, interface, age.</summary>
internal static class ClaimJson
{
    public static JsonObject ToJson(ClaimEntry claim, DateTimeOffset now) => new()
    {
        ["name"] = claim.Name,
        ["pool"] = claim.Spec.Pool,
        ["address"] = claim.Spec.Address,
        ["podNamespace"] = claim.Spec.Owner.PodNamespace,
        ["podName"] = claim.Spec.Owner.PodName,
        ["podUid"] = claim.Spec.Owner.PodUid,
        ["node"] = claim.Spec.Owner.Node,
        ["containerId"] = claim.Spec.Owner.ContainerId,
        ["interface"] = claim.Spec.Owner.Interface,
        ["created"] = claim.Created?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["age"] = Ages.Format(claim.Created, now),
    };

    public static Table Table(IEnumerable<ClaimEntry> claims, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("ADDRESS", "POD", "NODE", "CONTAINER", "INTERFACE", "AGE");
        foreach (var claim in claims)
        {
            var owner = claim.Spec.Owner;
            table.AddRow(
                Markup.Escape(claim.Spec.Address), Markup.Escape($"{owner.PodNamespace}/{owner.PodName}"), Markup.Escape(owner.Node),
                Markup.Escape(Ages.ShortContainer(owner.ContainerId)), Markup.Escape(owner.Interface), Ages.Format(claim.Created, now));
        }

        return table;
    }
}
