package io.infraaware.compat.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A petclinic-shaped application: owners in PostgreSQL, visit counts in Redis. */
@SpringBootApplication
public class PetClinicApplication {

  public static void main(String[] args) {
    SpringApplication.run(PetClinicApplication.class, args);
  }
}
