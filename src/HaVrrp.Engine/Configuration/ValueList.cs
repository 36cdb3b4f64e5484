using System.Collections;
using System.Collections.Immutable;

namespace HaVrrp.Engine.Configuration;

/// <summary>
/// An immutable list that compares by its items, so configuration records compare by content:
/// a reload can tell an unchanged instance from a changed one with <c>==</c>.
/// </summary>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Same shape as ImmutableArray<T>.Empty.")]
    public static ValueList<T> Empty { get; } = new(ImmutableArray<T>.Empty);

    public ValueList(IEnumerable<T> items) => _items = [.. items];

    private ValueList(ImmutableArray<T> items) => _items = items;

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    /// <summary>The items, so that a record holding this list prints what it holds (test failures, logs).</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    public ImmutableArray<T>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    public static implicit operator ValueList<T>(T[] items) => new(items);

    public static implicit operator ValueList<T>(List<T> items) => new(items);
}

/// <summary>Creates <see cref="ValueList{T}"/> from collection expressions and LINQ.</summary>
public static class ValueList
{
    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => new(items);

    /// <summary>Lets collection expressions build a list: <c>ValueList&lt;string&gt; names = ["VI_1", "VI_2"];</c></summary>
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
