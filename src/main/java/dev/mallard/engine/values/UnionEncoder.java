package dev.mallard.engine.values;

import dev.mallard.engine.values.DuckDbType.Field;
import dev.mallard.engine.values.DuckDbType.UnionType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * UNION: the value of the active member, encoded by that member's type.
 *
 * <p>The driver returns only the value, not which member is active, so the member is the first
 * whose driver class matches the value's class. Members of the same class (VARCHAR and INTERVAL are
 * both strings) cannot be told apart; the first declared one wins. Values no member claims are
 * encoded by their class.
 */
record UnionEncoder(List<Member> members) implements ValueEncoder {

    /** A member's driver class and encoder. */
    record Member(Class<?> driverClass, ValueEncoder encoder) {}

    UnionEncoder {
        members = List.copyOf(members);
    }

    static UnionEncoder of(UnionType type) {
        List<Member> specific = new ArrayList<>();
        List<Member> anyClass = new ArrayList<>();
        for (Field member : type.members()) {
            Class<?> driverClass = ValueEncoders.driverClass(member.type());
            // Members that may hold any class are tried last, so they do not shadow the others.
            (driverClass == Object.class ? anyClass : specific)
                    .add(new Member(driverClass, ValueEncoders.of(member.type())));
        }
        specific.addAll(anyClass);
        return new UnionEncoder(specific);
    }

    @Override
    public Object encode(Object value) throws SQLException {
        for (Member member : members) {
            if (member.driverClass().isInstance(value)) {
                return member.encoder().encode(value);
            }
        }
        return GenericEncoder.encodeValue(value);
    }
}
