using System.Collections.Immutable;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// The outcome of looking at the conf dir: the primary (or none), the files passed over before it, and a problem when
/// the file that would be the primary cannot be used (malformed): then nothing is chosen.
/// </summary>
internal sealed record PrimarySelection(PrimaryConf? Primary, ImmutableArray<SkippedConf> Skipped, string? Problem);
