using k8s.Models;

namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>One desired condition; <see cref="Merge"/> keeps a condition's transition time while its status holds.</summary>
internal sealed record Condition(string Type, bool Status, string Reason, string Message)
{
    public const string Ready = "Ready";
    public const string Progressing = "Progressing";
    public const string Degraded = "Degraded";

    public static IList<V1Condition> Merge(IList<V1Condition>? previous, IEnumerable<Condition> desired, long? generation, DateTime now) =>
        [.. desired.Select(d =>
        {
            var status = d.Status ? "True" : "False";
            var old = previous?.FirstOrDefault(p => p.Type == d.Type);
            return new V1Condition
            {
                Type = d.Type,
                Status = status,
                Reason = d.Reason,
                Message = d.Message,
                ObservedGeneration = generation,
                LastTransitionTime = old is not null && old.Status == status ? old.LastTransitionTime : now,
            };
        })];
}
