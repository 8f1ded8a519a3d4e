package io.infraaware.compat.spring;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Owners, over the DataSource that Spring Boot configures. */
@Repository
public class OwnerRepository {

  private final JdbcTemplate jdbc;

  public OwnerRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    jdbc.execute(
        "create table if not exists infraaware_spring_owners (name varchar(200) primary key)");
  }

  public void save(String name) {
    jdbc.update("insert into infraaware_spring_owners (name) values (?)", name);
  }

  public boolean exists(String name) {
    Integer count =
        jdbc.queryForObject(
            "select count(*) from infraaware_spring_owners where name = ?", Integer.class, name);
    return count != null && count == 1;
  }

  /** The port of the server this application is connected to, as the server says. */
  public int serverPort() {
    Integer port = jdbc.queryForObject("select inet_server_port()", Integer.class);
    return port == null ? -1 : port;
  }
}
