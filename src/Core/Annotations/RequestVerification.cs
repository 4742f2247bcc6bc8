namespace Multi.Core.Annotations;

/// <summary>The outcome of a successful verification; <see cref="MacUnverified"/> asks the caller to log a warning.</summary>
public sealed record RequestVerification(bool MacUnverified);
