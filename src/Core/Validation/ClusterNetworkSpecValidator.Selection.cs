using Multi.Core.Ipam;
using Multi.Core.Networks;

namespace Multi.Core.Validation;

/// <summary>Where a network is offered (namespaces or a selector), where it runs (nodeSelector), and its ipam form.</summary>
public sealed partial class ClusterNetworkSpecValidator
{
    private static void CheckSelection(ClusterNetworkSpec spec, List<NadProblem> problems)
    {
        if (spec.Namespaces is not null && spec.NamespaceSelector is not null)
        {
            problems.Add(new("namespaces", "namespaces and namespaceSelector are exclusive"));
        }
        else if (spec.Namespaces is null && spec.NamespaceSelector is null)
        {
            problems.Add(new("namespaces", "one of namespaces and namespaceSelector is required (namespaceSelector: {} offers the network in every namespace)"));
        }

        if (spec.Namespaces is { } namespaces)
        {
            if (namespaces.Count == 0)
            {
                problems.Add(new("namespaces", "namespaces must list at least one namespace"));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < namespaces.Count; i++)
            {
                if (!KubeNames.IsDns1123Label(namespaces[i]))
                {
                    problems.Add(new($"namespaces[{i}]", $"namespaces[{i}] \"{namespaces[i]}\" is not a DNS-1123 label"));
                }
                else if (!seen.Add(namespaces[i]))
                {
                    problems.Add(new($"namespaces[{i}]", $"namespaces[{i}] \"{namespaces[i]}\" is listed twice"));
                }
            }
        }

        if (spec.NamespaceSelector is { } selector)
        {
            CheckSelector(selector, "namespaceSelector", problems);
        }

        CheckLabels(spec.NodeSelector, "nodeSelector", problems);
        foreach (var name in (spec.Capabilities ?? new Dictionary<string, bool>()).Keys.Where(n => !IsCapabilityName(n)))
        {
            problems.Add(new("capabilities", $"capabilities \"{name}\" is not a capability name (1–253 printable ASCII characters without spaces or quotes, e.g. ips, mac, portMappings)"));
        }
    }

    private static bool IsCapabilityName(string name) =>
        name.Length is >= 1 and <= 253 && name.All(c => c is > ' ' and < '\u007f' and not '"' and not '\\');

    private static void CheckSelector(LabelSelectorSpec selector, string path, List<NadProblem> problems)
    {
        CheckLabels(selector.MatchLabels, $"{path}.matchLabels", problems);
        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var at = $"{path}.matchExpressions[{i}]";
            if (expressions[i] is not { } term)
            {
                problems.Add(new(at, $"{at} is null"));
                continue;
            }

            if (!KubeNames.IsLabelKey(term.Key))
            {
                problems.Add(new($"{at}.key", $"{at}.key \"{term.Key}\" is not a label key"));
            }

            var values = term.Values ?? [];
            switch (term.Operator)
            {
                case LabelSelectorRequirementSpec.In or LabelSelectorRequirementSpec.NotIn when values.Count == 0:
                    problems.Add(new($"{at}.values", $"{at}.values must not be empty for {term.Operator}"));
                    break;
                case LabelSelectorRequirementSpec.Exists or LabelSelectorRequirementSpec.DoesNotExist when values.Count > 0:
                    problems.Add(new($"{at}.values", $"{at}.values must be empty for {term.Operator}"));
                    break;
                case LabelSelectorRequirementSpec.In or LabelSelectorRequirementSpec.NotIn or LabelSelectorRequirementSpec.Exists or LabelSelectorRequirementSpec.DoesNotExist:
                    break;
                default:
                    problems.Add(new($"{at}.operator", $"{at}.operator \"{term.Operator}\" is not In, NotIn, Exists or DoesNotExist"));
                    break;
            }

            for (var v = 0; v < values.Count; v++)
            {
                if (!KubeNames.IsLabelValue(values[v]))
                {
                    problems.Add(new($"{at}.values[{v}]", $"{at}.values[{v}] \"{values[v]}\" is not a label value"));
                }
            }
        }
    }

    private static void CheckLabels(IReadOnlyDictionary<string, string>? labels, string path, List<NadProblem> problems)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (!KubeNames.IsLabelKey(key))
            {
                problems.Add(new(path, $"{path} key \"{key}\" is not a label key"));
            }
            else if (!KubeNames.IsLabelValue(value))
            {
                problems.Add(new($"{path}.{key}", $"{path}.{key} \"{value}\" is not a label value"));
            }
        }
    }

    /// <summary>Exactly one of poolRef (an IPPool name), pool (validated as an IPPool) and raw (a CNI ipam block with a type).</summary>
    private static void CheckIpam(ClusterNetworkIpam ipam, List<NadProblem> problems)
    {
        var forms = (ipam.PoolRef is null ? 0 : 1) + (ipam.Pool is null ? 0 : 1) + (ipam.Raw is null ? 0 : 1);
        if (forms != 1)
        {
            problems.Add(new("ipam", $"ipam needs exactly one of poolRef, pool and raw, not {forms}"));
        }

        if (ipam.PoolRef is { } poolRef && !KubeNames.IsDns1123Label(poolRef))
        {
            problems.Add(new("ipam.poolRef", $"ipam.poolRef \"{poolRef}\" is not a DNS-1123 label (an IPPool name)"));
        }

        if (ipam.Pool is { } pool)
        {
            CheckPool(pool, problems);
        }

        if (ipam.Raw is { } raw)
        {
            if (raw["type"] is not System.Text.Json.Nodes.JsonValue type || !type.TryGetValue<string>(out var text) || text.Length == 0)
            {
                problems.Add(new("ipam.raw.type", "ipam.raw needs a non-empty string type"));
            }
            else
            {
                IpamConfigChecks.Check(raw, "ipam.raw", problems);
            }
        }
    }

    /// <summary>The inline pool through <see cref="IpPoolSpecValidator"/>, after a shape check (JSON may hold nulls the type does not admit).</summary>
    private static void CheckPool(IpPoolSpec pool, List<NadProblem> problems)
    {
        // Absent lists arrive as null from source-generated JSON, which sets every init-only member.
        pool = pool with { Ranges = pool.Ranges ?? [], Exclude = pool.Exclude ?? [], Routes = pool.Routes ?? [], NodeSelector = pool.NodeSelector ?? new Dictionary<string, string>() };
        pool = pool.Dns is { } d ? pool with { Dns = d with { Nameservers = d.Nameservers ?? [], Search = d.Search ?? [], Options = d.Options ?? [] } } : pool;
        var shape = pool.Cidr is null ? "cidr"
            : pool.Ranges.Any(r => r?.Start is null || r.End is null) ? "ranges"
            : pool.Exclude.Any(e => e is null) ? "exclude"
            : pool.Routes.Any(r => r?.Dst is null) ? "routes"
            : pool.NodeSelector.Values.Any(v => v is null) ? "nodeSelector"
            : pool.Dns is { } dns && dns.Nameservers.Concat(dns.Search).Concat(dns.Options).Any(s => s is null) ? "dns"
            : null;
        if (shape is not null)
        {
            problems.Add(new($"ipam.pool.{shape}", $"ipam.pool.{shape} holds a null"));
            return;
        }

        foreach (var failure in new IpPoolSpecValidator().Validate(pool).Errors)
        {
            problems.Add(new($"ipam.pool.{failure.PropertyName}", $"ipam.pool.{failure.ErrorMessage}"));
        }
    }
}
