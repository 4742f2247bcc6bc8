namespace Multi.Core.Validation;

/// <summary>The outcome of <see cref="NadConfigValidator.Validate"/>: every problem found, and notes that are not problems.</summary>
public sealed record NadVerdict(bool Valid, IReadOnlyList<NadProblem> Problems, IReadOnlyList<string> Notes);
