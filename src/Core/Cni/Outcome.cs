using System.Diagnostics.CodeAnalysis;

namespace Multi.Core.Cni;

/// <summary>A value or a CNI error: what Core's parsers return instead of throwing.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, CniError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public CniError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Fail(CniError error) => new(default, error);

    public static Outcome<T> Fail(uint code, string msg, string? details = null) => new(default, new CniError(code, msg, details));

    public static implicit operator Outcome<T>(CniError error) => Fail(error);

    /// <summary>The value, or a <see cref="CniException"/> carrying the error.</summary>
    public T Unwrap() => IsOk ? Value : throw new CniException(Error);
}
