using System.Collections.Immutable;
using Multi.Core.Cni;

namespace Multi.Core.Delegates;

/// <summary>
/// Orders attachments and names their interfaces (npwg-behaviour.md, section 6): position 0 gets the runtime's
/// <c>CNI_IFNAME</c>, position i the requested name or <c>net&lt;i&gt;</c>. Name conflicts fail before any delegate runs.
/// </summary>
public static class AttachmentPlanner
{
    public sealed record Request(NetworkConfigList Network, string Origin, string? RequestedIfName = null);

    public static Outcome<ImmutableArray<PlannedAttachment>> Plan(string runtimeIfName, Request cluster, IReadOnlyList<Request> secondaries)
    {
        var planned = ImmutableArray.CreateBuilder<PlannedAttachment>(secondaries.Count + 1);
        planned.Add(new PlannedAttachment(0, runtimeIfName, cluster.Network, cluster.Origin));
        for (var i = 0; i < secondaries.Count; i++)
        {
            var request = secondaries[i];
            var position = i + 1;
            var ifName = string.IsNullOrEmpty(request.RequestedIfName) ? $"net{position}" : request.RequestedIfName;
            if (CniRequestParser.InterfaceNameError(ifName) is { } error)
            {
                return Outcome<ImmutableArray<PlannedAttachment>>.Fail(CniErrorCode.InterfaceConflict, $"interface name \"{ifName}\" for network \"{request.Network.Name}\" is invalid: {error}");
            }

            var clash = planned.FirstOrDefault(p => p.IfName == ifName);
            if (clash is not null)
            {
                return Outcome<ImmutableArray<PlannedAttachment>>.Fail(
                    CniErrorCode.InterfaceConflict,
                    $"interface name \"{ifName}\" is used twice: by network \"{clash.Network.Name}\" (position {clash.Position}) and network \"{request.Network.Name}\" (position {position})");
            }

            planned.Add(new PlannedAttachment(position, ifName, request.Network, request.Origin));
        }

        return Outcome<ImmutableArray<PlannedAttachment>>.Ok(planned.MoveToImmutable());
    }
}
