using System.Collections.Immutable;
using Multi.Core.Annotations;
using Multi.Core.Cni;

namespace Multi.Operator.Webhook;

internal sealed partial class PodAdmission
{
    /// <summary>
    /// Section 6, as far as it does not depend on the node: each requested interface name is valid, differs from the
    /// runtime's <c>eth0</c> and is requested once. Generated names (<c>net&lt;i&gt;</c>) depend on how many networks the
    /// node's configuration attaches first (<c>defaultNetworks</c>), so clashes with them are left to the CNI path;
    /// positions are therefore given within the annotation ("element 2").
    /// </summary>
    internal static CniError? InterfaceNameProblem(ImmutableArray<NetworkSelection> elements)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Length; i++)
        {
            if (elements[i].InterfaceRequest is not { } ifName)
            {
                continue;
            }

            var network = elements[i].QualifiedName;
            if (CniRequestParser.InterfaceNameError(ifName) is { } error)
            {
                return new CniError(CniErrorCode.InterfaceConflict, $"interface name \"{ifName}\" for network \"{network}\" is invalid: {error}");
            }

            if (ifName == PodNetworkRules.RuntimeIfName)
            {
                return new CniError(
                    CniErrorCode.InterfaceConflict,
                    $"interface name \"{ifName}\" is used twice: by the cluster network (position 0) and network \"{network}\" (annotation element {i + 1})");
            }

            if (seen.TryGetValue(ifName, out var first))
            {
                return new CniError(
                    CniErrorCode.InterfaceConflict,
                    $"interface name \"{ifName}\" is used twice: by network \"{elements[first].QualifiedName}\" (annotation element {first + 1}) and network \"{network}\" (annotation element {i + 1})");
            }

            seen[ifName] = i;
        }

        return null;
    }
}
