package hudson.model;

/** Stand-in of core {@code hudson.model.ItemGroup}; the plugin only passes instances on. */
public interface ItemGroup<T extends Item> extends ModelObject {}
