// Command validate checks deployment files offline (CI has no cluster and no internet):
//
//	validate k8s FILE      every document of a kustomize build decodes STRICTLY into its typed Kubernetes
//	                       object (unknown or misspelt fields fail), Strimzi CRs have their required fields;
//	validate compose FILE  docker-compose.yml loads and validates against the Compose specification.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
	sigsyaml "sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: validate k8s|compose FILE")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "k8s":
		err = validateK8s(os.Args[2])
	case "compose":
		err = validateCompose(os.Args[2])
	default:
		err = fmt.Errorf("unknown check %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "invalid:", err)
		os.Exit(1)
	}
}

type meta struct {
	APIVersion string                 `json:"apiVersion"`
	Kind       string                 `json:"kind"`
	Metadata   map[string]interface{} `json:"metadata"`
	Spec       map[string]interface{} `json:"spec"`
}

func validateK8s(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	strict := json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme.Scheme, scheme.Scheme,
		json.SerializerOptions{Yaml: true, Strict: true})
	reader := utilyaml.NewYAMLReader(bufioReader(data))
	count := 0
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		var m meta
		if err := sigsyaml.Unmarshal(doc, &m); err != nil {
			return err
		}
		name, _ := m.Metadata["name"].(string)
		if name == "" {
			return fmt.Errorf("%s without metadata.name", m.Kind)
		}
		switch m.APIVersion {
		case "kafka.strimzi.io/v1beta2":
			if err := checkStrimzi(m); err != nil {
				return fmt.Errorf("%s/%s: %w", m.Kind, name, err)
			}
		default:
			if _, _, err := strict.Decode(doc, nil, nil); err != nil {
				return fmt.Errorf("%s/%s: %w", m.Kind, name, err)
			}
		}
		count++
	}
	fmt.Printf("%d manifests valid\n", count)
	return nil
}

func checkStrimzi(m meta) error {
	labels, _ := m.Metadata["labels"].(map[string]interface{})
	if labels["strimzi.io/cluster"] == nil {
		return errors.New("missing strimzi.io/cluster label")
	}
	switch m.Kind {
	case "KafkaTopic":
		for _, field := range []string{"partitions", "replicas", "topicName"} {
			if m.Spec[field] == nil {
				return fmt.Errorf("spec.%s is required", field)
			}
		}
	case "KafkaUser":
		if m.Spec["authentication"] == nil || m.Spec["authorization"] == nil {
			return errors.New("spec.authentication and spec.authorization are required")
		}
	default:
		return fmt.Errorf("unexpected Strimzi kind %s", m.Kind)
	}
	return nil
}

func validateCompose(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	options, err := cli.NewProjectOptions([]string{abs}, cli.WithWorkingDirectory(filepath.Dir(abs)),
		cli.WithOsEnv, cli.WithDotEnv, cli.WithProfiles([]string{"infra", "app", "obs", "load"}))
	if err != nil {
		return err
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return err
	}
	fmt.Printf("compose project %q valid: %d services\n", project.Name, len(project.Services))
	return nil
}
