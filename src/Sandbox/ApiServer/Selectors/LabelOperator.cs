namespace Multi.Sandbox.ApiServer.Selectors;

/// <summary>Equality terms are <see cref="In"/> and <see cref="NotIn"/> with one value.</summary>
internal enum LabelOperator
{
    Exists,
    DoesNotExist,
    In,
    NotIn,
}
