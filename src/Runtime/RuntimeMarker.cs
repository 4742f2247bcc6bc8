namespace Multi.Runtime;

/// <summary>Placeholder so the project builds until the runtime lands; removed by the first runtime commit.</summary>
internal static class RuntimeMarker;
