namespace Fountain.Codec.Archive;

/// <summary>
/// Resolves the symbolic links of an archive the way the operating system will once they exist in the output
/// folder, and refuses any whose target leaves that folder.
///
/// A lexical check of each target alone is not enough: with "d/a → .", "d/b → a/.." and "d/c → b/..", every
/// target stays inside d on paper, yet through the links d/b is the output folder and d/c its parent. So targets
/// are walked one name at a time over a tree of what the output folder will hold: the archive's entries, and for
/// names the archive does not have, what already exists on disk (an existing link is followed too). A name that
/// is a link is replaced by where that link resolves (each link is resolved once and remembered), ".." goes up
/// from where the walk really is, and a walk that would go above the output folder is refused. Loops are refused
/// as well. Absolute targets are refused before this (they are never the archive's to name).
///
/// The walk is conservative where the operating system would fail: ".." after a file or a missing name is taken
/// lexically, which can only refuse more, never accept a path the system would resolve outside.
/// </summary>
internal sealed class LinkResolver
{
    private enum Kind { Missing, Folder, File, Link }

    private sealed class Node(int parent, string name, Kind kind, bool fromArchive)
    {
        public int Parent { get; } = parent;
        public string Name { get; } = name;
        public Kind Kind { get; set; } = kind;
        public bool FromArchive { get; set; } = fromArchive;
        public string? Target { get; set; }
        public int Resolved { get; set; } = NotResolved;
        public bool Resolving { get; set; }
    }

    private const int Root = 0;
    private const int NotResolved = -1;

    private readonly string _outputFolder;
    private readonly List<Node> _nodes = [new Node(Root, "", Kind.Folder, fromArchive: false)];
    private readonly Dictionary<(int Parent, string Name), int> _children = [];

    /// <param name="outputFolder">The full path of the folder the archive's entries will end up in.</param>
    public LinkResolver(string outputFolder) => _outputFolder = outputFolder;

    /// <summary>Records an entry of the archive (a relative, normalised name: no "", "." or ".." parts).</summary>
    public void AddFolder(string name) => Add(name, Kind.Folder, null);
    public void AddFile(string name) => Add(name, Kind.File, null);
    public void AddLink(string name, string target) => Add(name, Kind.Link, target);

    /// <summary>Throws <see cref="ArchiveException"/> unless the link <paramref name="name"/> resolves inside the output folder.</summary>
    public void CheckInside(string name)
    {
        int node = Find(name);
        if (node < 0 || _nodes[node].Kind != Kind.Link) throw new ArgumentException($"'{name}' is not a link of this archive.", nameof(name));
        Resolve(node, name);
    }

    private void Add(string name, Kind kind, string? target)
    {
        int current = Root;
        var parts = name.Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            bool last = i == parts.Length - 1;
            if (!_children.TryGetValue((current, parts[i]), out int child))
            {
                child = _nodes.Count;
                _nodes.Add(new Node(current, parts[i], last ? kind : Kind.Folder, fromArchive: true));
                _children[(current, parts[i])] = child;
            }
            else if (last) _nodes[child].Kind = kind;
            if (last) _nodes[child].Target = target;
            current = child;
        }
    }

    private int Find(string name)
    {
        int current = Root;
        foreach (var part in name.Split('/'))
            if (!_children.TryGetValue((current, part), out current)) return -1;
        return current;
    }

    /// <summary>The node a link finally stands for (never itself a link).</summary>
    private int Resolve(int link, string linkName)
    {
        var node = _nodes[link];
        if (node.Resolved != NotResolved) return node.Resolved;
        if (node.Resolving) throw new ArchiveException($"'{linkName}' is part of a loop of symbolic links.");
        node.Resolving = true;
        int start = node.Parent;
        var target = node.Target!;
        if (Path.IsPathRooted(target))
        {
            // Only links already on disk get here: the archive's absolute targets were refused when read.
            var relative = Path.GetRelativePath(_outputFolder, target);
            if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                throw Escape(linkName, target);
            start = Root;
            target = relative;
        }
        node.Resolved = Walk(start, target, linkName);
        node.Resolving = false;
        return node.Resolved;
    }

    private int Walk(int from, string target, string linkName)
    {
        int current = from;
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (current == Root) throw Escape(linkName, target);
                current = _nodes[current].Parent;
                continue;
            }
            int child = Child(current, part);
            current = _nodes[child].Kind == Kind.Link ? Resolve(child, PathOf(child)) : child;
        }
        return current;
    }

    /// <summary>The named child of a folder node; for folders the archive does not own, what is on disk decides.</summary>
    private int Child(int parent, string name)
    {
        if (_children.TryGetValue((parent, name), out int child)) return child;
        child = _nodes.Count;
        // Under the archive's own entries nothing else will exist; elsewhere (the output folder's other
        // content) the disk is asked, once per name.
        var node = _nodes[parent].FromArchive ? new Node(parent, name, Kind.Missing, fromArchive: true) : Probe(parent, name);
        _nodes.Add(node);
        _children[(parent, name)] = child;
        return child;
    }

    private Node Probe(int parent, string name)
    {
        var path = Path.Combine(_outputFolder, PathOf(parent), name);
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target) return new Node(parent, name, Kind.Link, fromArchive: false) { Target = target };
        var kind = Directory.Exists(path) ? Kind.Folder : File.Exists(path) ? Kind.File : Kind.Missing;
        return new Node(parent, name, kind, fromArchive: false);
    }

    private string PathOf(int node)
    {
        var parts = new List<string>();
        for (int n = node; n != Root; n = _nodes[n].Parent) parts.Add(_nodes[n].Name);
        parts.Reverse();
        return string.Join('/', parts);
    }

    private static ArchiveException Escape(string linkName, string target) =>
        new($"'{linkName}' is a symbolic link whose target '{target}' resolves, through the links on its way, outside the output folder.");
}
