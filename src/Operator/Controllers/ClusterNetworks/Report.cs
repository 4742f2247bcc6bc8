namespace Multi.Operator.Controllers.ClusterNetworks;

/// <summary>What one pass found, before it becomes conditions. <see cref="NadCount"/> null: the pass did not look at NADs.</summary>
internal sealed record Report(
    string? Interface,
    int? NadCount,
    int Targets,
    IReadOnlyList<(string Reason, string Message)> Problems,
    IReadOnlyList<string> MissingNamespaces,
    bool Terminating = false)
{
    public bool SpecInvalid { get; private init; }

    public static Report Invalid(string reason, string message) => new(null, null, 0, [(reason, message)], []) { SpecInvalid = true };

    public static Report Held(int nadCount, string message, string reason = "PodsAttached") => new(null, nadCount, 0, [(reason, message)], [], Terminating: true);

    public IEnumerable<Condition> Conditions()
    {
        var problem = string.Join("; ", Problems.Select(p => p.Message));
        var reason = Problems.Count > 0 ? Problems[0].Reason : "AsExpected";
        var waiting = MissingNamespaces.Count > 0
            ? $"waiting for namespace{(MissingNamespaces.Count == 1 ? "" : "s")} {ClusterNetworkReconciler.Listing(MissingNamespaces)} to exist"
            : null;
        if (Terminating)
        {
            yield return new(Condition.Ready, false, "Terminating", problem);
            yield return new(Condition.Progressing, true, "Deleting", problem);
        }
        else if (Problems.Count > 0)
        {
            yield return new(Condition.Ready, false, reason, problem);
            yield return new(Condition.Progressing, waiting is not null, waiting is null ? reason : "WaitingForNamespaces", waiting ?? problem);
        }
        else
        {
            yield return new(Condition.Ready, true, "Rendered", $"offered in {Targets} namespace{(Targets == 1 ? "" : "s")} through {NadCount} NAD{(NadCount == 1 ? "" : "s")}" + (Interface is null ? "" : $" on {Interface}"));
            yield return new(Condition.Progressing, waiting is not null, waiting is null ? "Converged" : "WaitingForNamespaces", waiting ?? "every target namespace has its NAD");
        }

        yield return new(Condition.Degraded, Problems.Count > 0, reason, Problems.Count > 0 ? problem : "no problem found");
    }
}
